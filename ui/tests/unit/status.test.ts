import { describe, expect, it } from "vitest";
import type { AccountStatus } from "../../src/lib/bindings";
import { changeCounts, progressText, statusLine, summarizeStatus, timeLeft } from "../../src/lib/status";

const now = new Date("2026-11-20T12:00:00Z");

function status(over: Partial<AccountStatus>): AccountStatus {
  return {
    account: { id: 1, serverUrl: "https://api.cloud.seqera.io", label: "Seqera Cloud", userName: "me", email: null, kind: "keyring" },
    connection: "online",
    progress: null,
    pending: 0,
    conflicts: 0,
    rejected: 0,
    lastSync: "2026-11-20T11:58:00Z",
    lastError: null,
    ...over,
  };
}

describe("summarizeStatus", () => {
  it.each<[string, Partial<AccountStatus>, string, string]>([
    ["online and clean", {}, "Online · synced 2 min ago · no changes waiting", "ok"],
    ["waiting and conflict", { pending: 3, conflicts: 1 }, "Online · synced 2 min ago · 3 changes waiting · 1 conflict", "warn"],
    ["one waiting", { pending: 1 }, "Online · synced 2 min ago · 1 change waiting", "ok"],
    ["rejected", { rejected: 2 }, "Online · synced 2 min ago · no changes waiting · 2 rejected", "warn"],
    [
      "syncing with a total",
      { connection: "syncing", progress: { what: "pipelines", done: 3, total: 10, secondsLeft: null } },
      "Syncing · pipelines, 3/10 · synced 2 min ago · no changes waiting",
      "busy",
    ],
    ["syncing, total unknown", { connection: "syncing", progress: { what: "runs", done: 40, total: null, secondsLeft: null } }, "Syncing · runs, 40 · synced 2 min ago · no changes waiting", "busy"],
    ["offline", { connection: "offline", pending: 2 }, "Offline · synced 2 min ago · 2 changes waiting", "muted"],
    ["token expired", { connection: "token_expired" }, "Token expired · synced 2 min ago · no changes waiting", "error"],
    ["never synced", { connection: "never_synced", lastSync: null }, "Not synced yet · no changes waiting", "muted"],
  ])("%s", (_name, over, line, tone) => {
    const s = summarizeStatus(status(over), now);
    expect(statusLine(s)).toBe(line);
    expect(s.tone).toBe(tone);
  });

  it("says what to do when the token expired", () => {
    expect(summarizeStatus(status({ connection: "token_expired" }), now).hint).toMatch(/Add the account again with a new token/);
  });

  it("offline keeps the server's error and reassures about waiting changes", () => {
    const s = summarizeStatus(status({ connection: "offline", pending: 1, lastError: "connection refused" }), now);
    expect(s.hint).toBe("connection refused. Your changes are kept and will be sent when the server can be reached.");
  });

  it("points at the changes list when something needs a decision", () => {
    expect(summarizeStatus(status({ conflicts: 1 }), now).hint).toMatch(/retry or discard/);
    expect(summarizeStatus(status({}), now).hint).toBeNull();
  });
});

describe("pieces", () => {
  it("progressText", () => {
    expect(progressText(null)).toBeNull();
    expect(progressText({ what: "workspaces", done: 1, total: 5, secondsLeft: null })).toBe("workspaces, 1/5");
    expect(progressText({ what: "Workspace acme/alpha", done: 40, total: 301, secondsLeft: 170 })).toBe(
      "Workspace acme/alpha, 40/301, about 3 min left",
    );
  });

  it("timeLeft", () => {
    const cases: [number | null, string | null][] = [
      [null, null],
      [0, "under a minute left"],
      [59, "under a minute left"],
      [60, "about 1 min left"],
      [89, "about 1 min left"],
      [90, "about 2 min left"],
      [3540, "about 59 min left"],
      [3600, "about 1 h left"],
      [5400, "about 1 h 30 min left"],
    ];
    for (const [s, want] of cases) expect(timeLeft(s), String(s)).toBe(want);
  });
  it("changeCounts leaves out zeros", () => {
    expect(changeCounts({ pending: 0, conflicts: 0, rejected: 0 })).toEqual(["no changes waiting"]);
    expect(changeCounts({ pending: 2, conflicts: 0, rejected: 1 })).toEqual(["2 changes waiting", "1 rejected"]);
  });
});
