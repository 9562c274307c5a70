import { describe, expect, it } from "vitest";
import type { BudgetView, ReportRow, Workspace } from "../../src/lib/bindings";
import { budgetFor, parseAmount, presetRange, scopeOf, sortRows } from "../../src/lib/credits";

describe("the dashboard's scope select", () => {
  it.each([
    ["all", { workspace: null, accountId: null, orgId: null }],
    ["account:3", { workspace: null, accountId: 3, orgId: null }],
    ["org:3:41", { workspace: null, accountId: 3, orgId: 41 }],
    ["ws:1002", { workspace: 1002, accountId: null, orgId: null }],
  ])("%s", (value, scope) => expect(scopeOf(value)).toEqual(scope));
});

describe("date presets are local days", () => {
  // Local dates built from parts: the same on any machine's time zone.
  const now = new Date(2026, 2, 31, 23, 30); // 31 March 2026, 23:30 local
  it.each([
    ["this-month", "2026-03-01", "2026-03-31"],
    ["last-30-days", "2026-03-02", "2026-03-31"],
    ["last-3-months", "2026-01-01", "2026-03-31"],
    ["last-12-months", "2025-04-01", "2026-03-31"],
    ["all-time", null, null],
  ] as const)("%s", (preset, from, to) => expect(presetRange(preset, now)).toEqual({ from, to }));
  it("across a year's start", () => {
    expect(presetRange("last-3-months", new Date(2027, 0, 5))).toEqual({ from: "2026-11-01", to: "2027-01-05" });
  });
});

describe("typed amounts", () => {
  it.each([
    ["500", 500],
    [" 1,250.5 ", 1250.5],
    ["0", 0],
    ["", null],
    ["-3", null],
    ["ten", null],
    ["Infinity", null],
  ])("%j → %j", (text, n) => expect(parseAmount(text)).toBe(n));
});

const row = (key: string, credits: number, runs: number): ReportRow => ({
  key,
  credits,
  creditsEstimated: 0,
  cloudCost: 0,
  cloudCostEstimated: 0,
  unknownCost: 0,
  unknownCostEstimated: 0,
  estimated: 0,
  cpuHours: 0,
  memoryGibHours: 0,
  runs,
  estimatedRuns: 0,
  unpricedRuns: 0,
});

describe("the table's sort", () => {
  const rows = [row("b", 9, 1), row("a", 5, 7), row("c", 1, 3)];
  it("keeps the report's order (highest spend first), or reverses it", () => {
    expect(sortRows(rows, "amount", true).map((r) => r.key)).toEqual(["b", "a", "c"]);
    expect(sortRows(rows, "amount", false).map((r) => r.key)).toEqual(["c", "a", "b"]);
  });
  it("by a column, either way", () => {
    expect(sortRows(rows, "runs", true).map((r) => r.key)).toEqual(["a", "c", "b"]);
    expect(sortRows(rows, "key", false).map((r) => r.key)).toEqual(["a", "b", "c"]);
  });
});

describe("which budgets a scope shows", () => {
  const ws = { id: 7, accountId: 1, orgId: 41 } as Workspace;
  const other = { id: 8, accountId: 1, orgId: 42 } as Workspace;
  const budget = (workspace: number | null, orgId: number | null, accountId = 1) => ({ id: 1, accountId, workspace, orgId }) as BudgetView;
  const all = [ws, other];
  it("a workspace: its own and its organization's", () => {
    const scope = scopeOf("ws:7");
    expect(budgetFor(budget(7, null), scope, all)).toBe(true);
    expect(budgetFor(budget(null, 41), scope, all)).toBe(true);
    expect(budgetFor(budget(8, null), scope, all)).toBe(false);
    expect(budgetFor(budget(null, 42), scope, all)).toBe(false);
  });
  it("an organization: its own and its workspaces'", () => {
    const scope = scopeOf("org:1:41");
    expect(budgetFor(budget(null, 41), scope, all)).toBe(true);
    expect(budgetFor(budget(7, null), scope, all)).toBe(true);
    expect(budgetFor(budget(8, null), scope, all)).toBe(false);
    expect(budgetFor(budget(null, 41, 2), scope, all)).toBe(false);
  });
  it("an account: all of its budgets; everything: all", () => {
    expect(budgetFor(budget(null, 41, 2), scopeOf("account:1"), all)).toBe(false);
    expect(budgetFor(budget(null, 41, 2), scopeOf("all"), all)).toBe(true);
  });
});
