import { describe, expect, it } from "vitest";
import { canEditStudiosSettings, canManageLabels, labelText, lifespanWords, parseLifespan } from "../../src/lib/labels";

describe("who manages labels and the Studios settings", () => {
  it.each([
    ["owner", null, true, true],
    ["admin", null, true, true],
    ["maintain", null, true, false],
    ["launch", null, false, false],
    ["connect", null, false, false],
    ["view", null, false, false],
    ["view", "owner", true, true],
    [null, "member", false, false],
  ])("%s (org %s): labels %s, Studios %s", (role, orgRole, labels, studios) => {
    expect(canManageLabels(role, orgRole).allowed).toBe(labels);
    expect(canEditStudiosSettings(role, orgRole).allowed).toBe(studios);
  });

  it("says why, naming the role", () => {
    expect(canManageLabels("launch", null).reason).toBe(
      "Adding, editing and deleting labels needs the owner, admin or maintain role in the workspace (your role: launch).",
    );
    expect(canEditStudiosSettings("maintain", "member").reason).toBe(
      "Changing the Studios settings needs the owner or admin role in the workspace (your role: maintain).",
    );
  });
});

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
