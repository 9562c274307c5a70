import { describe, expect, it, vi } from "vitest";
import {
  exactTime,
  formatCredits,
  formatHours,
  formatMonth,
  formatProgress,
  formatRate,
  plural,
  relativeTime,
  visibilityLabel,
  workspaceTitle,
} from "../../src/lib/format";

const now = new Date("2026-11-20T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe("relativeTime", () => {
  it.each([
    [10_000, "just now"],
    [50_000, "1 min ago"],
    [2 * 60_000, "2 min ago"],
    [59 * 60_000, "59 min ago"],
    [3 * 3_600_000, "3 h ago"],
    [30 * 3_600_000, "yesterday"],
    [5 * 86_400_000, "5 days ago"],
    [-2 * 60_000, "in 2 min"],
  ])("%d ms ago reads %s", (ms, text) => {
    expect(relativeTime(ago(ms), now)).toBe(text);
  });

  it("says never for no time and for garbage", () => {
    expect(relativeTime(null, now)).toBe("never");
    expect(relativeTime("not a date", now)).toBe("never");
  });

  it("falls back to a date after a month", () => {
    expect(relativeTime("2026-01-05T10:00:00Z", now)).toMatch(/2026/);
  });
});

describe("exactTime", () => {
  // The machine's own zone must not matter: each case sets one (Node reads TZ at every use).
  it.each([
    ["UTC", "2026-11-20 10:58:03 (UTC+00:00)"],
    ["Europe/Madrid", "2026-11-20 11:58:03 (UTC+01:00)"],
    ["America/St_Johns", "2026-11-20 07:28:03 (UTC-03:30)"],
    ["Pacific/Pago_Pago", "2026-11-19 23:58:03 (UTC-11:00)"],
    ["Pacific/Kiritimati", "2026-11-21 00:58:03 (UTC+14:00)"],
  ])("gives the local date, time and UTC offset in %s", (zone, want) => {
    vi.stubEnv("TZ", zone);
    try {
      expect(exactTime("2026-11-20T10:58:03Z")).toBe(want);
    } finally {
      vi.unstubAllEnvs();
    }
  });
  it("is empty for no time", () => {
    expect(exactTime(null)).toBe("");
  });
});

describe("formatCredits", () => {
  it.each([
    [0, "0.00"],
    [1234.5, "1,234.50"],
    [0.004, "<0.01"],
    [0.005, "0.01"],
    [33.14, "33.14"],
    [null, "—"],
  ])("%s → %s", (v, text) => {
    expect(formatCredits(v)).toBe(text);
  });
});

describe("small formatters", () => {
  it("rates keep their decimals", () => {
    expect(formatRate(0.1)).toBe("0.1");
    expect(formatRate(0.025)).toBe("0.025");
  });
  it("hours have one decimal", () => {
    expect(formatHours(12.34)).toBe("12.3");
    expect(formatHours(null)).toBe("—");
  });
  it("plural", () => {
    expect(plural(1, "change")).toBe("1 change");
    expect(plural(3, "change")).toBe("3 changes");
    expect(plural(0, "conflict")).toBe("0 conflicts");
  });
  it("months", () => {
    expect(formatMonth("2026-03")).toBe("Mar 2026");
    expect(formatMonth("2026-12-01")).toBe("Dec 2026");
    expect(formatMonth("Q3")).toBe("Q3");
  });
  it("progress is clamped and rounded", () => {
    expect(formatProgress(63.6)).toBe("64%");
    expect(formatProgress(140)).toBe("100%");
    expect(formatProgress(-3)).toBe("0%");
    expect(formatProgress(null)).toBe("—");
  });
});


describe("values the server did not give", () => {
  it("shows an unknown visibility as unknown, never as Private", () => {
    expect(visibilityLabel("SHARED")).toBe("Shared");
    expect(visibilityLabel("PRIVATE")).toBe("Private");
    expect(visibilityLabel(null)).toBe("unknown");
  });

  it("titles a workspace by its name while its full name is unknown", () => {
    expect(workspaceTitle({ name: "joint-study", fullName: null })).toBe("joint-study");
    expect(workspaceTitle({ name: "joint-study", fullName: "Joint study" })).toBe("Joint study");
  });
});
