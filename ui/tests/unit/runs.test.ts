import { describe, expect, it } from "vitest";
import { runStatusTone } from "../../src/lib/runs";

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
