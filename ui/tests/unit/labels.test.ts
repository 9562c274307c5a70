import { describe, expect, it } from "vitest";
import {
  collaborationWords,
  labelText,
  lifespanWords,
  nameStrategyChoices,
  parseLifespan,
  settingWords,
} from "../../src/lib/labels";

// Who manages labels and the Studios settings is decided in the core; those tests moved to
// src-tauri/crates/core/src/rules/permissions.rs.

describe("the lifespan field", () => {
  it.each([
    ["8", false, { ok: true, hours: 8 }],
    [" 120 ", false, { ok: true, hours: 120 }],
    ["1", false, { ok: true, hours: 1 }],
    ["whatever", true, { ok: true, hours: null }],
    ["0", false, { ok: false, error: "The session lifespan must be between 1 and 120 hours." }],
    ["121", false, { ok: false, error: "The session lifespan must be between 1 and 120 hours." }],
    [
      "",
      false,
      { ok: false, error: "Enter a whole number of hours from 1 to 120, or choose Always keep the session running." },
    ],
    [
      "2.5",
      false,
      { ok: false, error: "Enter a whole number of hours from 1 to 120, or choose Always keep the session running." },
    ],
  ])("%j (no limit: %s)", (text, noLimit, want) => {
    expect(parseLifespan(text, noLimit)).toEqual(want);
  });

  it("words the lifespan as the Platform does", () => {
    expect(lifespanWords(null)).toBe("Always keep the session running");
    expect(lifespanWords(1)).toBe("1 hour");
    expect(lifespanWords(24)).toBe("24 hours");
  });
});

it("writes labels as name or name=value", () => {
  expect(labelText({ name: "env", value: "prod" })).toBe("env=prod");
  expect(labelText({ name: "rnaseq", value: null })).toBe("rnaseq");
});

describe("Studios settings words", () => {
  it("says unknown for what the server did not say, and not set for null", () => {
    expect(collaborationWords(null)).toBe("Unknown");
    expect(collaborationWords(true)).toBe("Private");
    expect(collaborationWords(false)).toBe("Collaborative");
    expect(settingWords(null)).toBe("Unknown");
    expect(settingWords("")).toBe("Not set (the Platform's default)");
    expect(settingWords("cr.seqera.io/my-org/studios")).toBe("cr.seqera.io/my-org/studios");
  });

  it("offers the two strategies, and none or not set only when kept", () => {
    const values = (c: string | null) => nameStrategyChoices(c).map((x) => x.value);
    expect(values("tagPrefix")).toEqual(["tagPrefix", "imageSuffix"]);
    expect(values("none")).toEqual(["tagPrefix", "imageSuffix", "none"]);
    expect(values("")).toEqual(["", "tagPrefix", "imageSuffix"]);
  });
});
