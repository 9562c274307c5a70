import { describe, expect, it } from "vitest";
import { formatDuration, runDuration, runIsGoing, runStatusTone } from "../../src/lib/runs";

// Moved from roles.test.ts, whose role tests moved to the core
// (src-tauri/crates/core/src/rules/permissions.rs).
describe("run status colours", () => {
  it.each([
    ["SUCCEEDED", "ok"],
    ["running", "busy"],
    ["SUBMITTED", "busy"],
    ["FAILED", "error"],
    ["CANCELLED", "warn"],
    ["UNKNOWN", "muted"],
    ["something new", "muted"],
  ])("%s → %s", (status, tone) => {
    expect(runStatusTone(status)).toBe(tone);
  });
});

describe("run durations", () => {
  it.each([
    [null, "—"],
    [-1, "—"],
    [45_000, "45s"],
    [12 * 60_000 + 5_000, "12m 5s"],
    [3 * 3_600_000 + 4 * 60_000, "3h 4m"],
    [2 * 86_400_000 + 3_600_000, "2d 1h"],
  ])("%s → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("counts a run still going from its submission, and keeps a finished run's", () => {
    const now = new Date("2026-12-02T10:10:00Z");
    expect(runDuration({ durationMs: null, submitted: "2026-12-02T10:00:00Z", status: "running" }, now)).toBe(600_000);
    expect(runDuration({ durationMs: 90_000, submitted: "2026-12-02T10:00:00Z", status: "succeeded" }, now)).toBe(90_000);
    expect(runDuration({ durationMs: null, submitted: "2026-12-02T10:00:00Z", status: "cancelled" }, now)).toBe(null);
    expect(runIsGoing("SUBMITTED")).toBe(true);
    expect(runIsGoing("failed")).toBe(false);
  });
});
