// What the credits dashboard asks the core for, in the window's terms: the scope picked in its
// select, the date range of a preset (local days), the breakdowns and the table's sort. The
// arithmetic (spend, estimates, buckets, forecasts) is the core's; nothing here prices anything.
import type { BudgetView, CreditsScope, ReportBy, ReportRow, Workspace } from "./bindings";

export type Preset = "this-month" | "last-30-days" | "last-3-months" | "last-12-months" | "all-time" | "custom";

export const PRESETS: { value: Preset; label: string }[] = [
  { value: "this-month", label: "This month" },
  { value: "last-30-days", label: "Last 30 days" },
  { value: "last-3-months", label: "Last 3 months" },
  { value: "last-12-months", label: "Last 12 months" },
  { value: "all-time", label: "All time" },
  { value: "custom", label: "Custom dates…" },
];

export const BREAKDOWNS: { value: ReportBy; label: string }[] = [
  { value: "workspace", label: "Workspace" },
  { value: "pipeline", label: "Pipeline" },
  { value: "user", label: "User" },
  { value: "compute-env", label: "Compute environment" },
];

export function breakdownTitle(by: ReportBy): string {
  return BREAKDOWNS.find((b) => b.value === by)?.label ?? by;
}

/** `all`, `account:ID`, `org:ACCOUNT:ORG` or `ws:LOCAL_ID`, as the scope select's values. */
export function scopeOf(value: string): CreditsScope {
  const [kind, a, b] = value.split(":");
  const none: CreditsScope = { workspace: null, accountId: null, orgId: null };
  if (kind === "ws") return { ...none, workspace: Number(a) };
  if (kind === "org") return { ...none, accountId: Number(a), orgId: Number(b) };
  if (kind === "account") return { ...none, accountId: Number(a) };
  return none;
}

/** A local day as YYYY-MM-DD. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local days a preset covers on `now` (inclusive); null: open-ended. */
export function presetRange(p: Preset, now: Date): { from: string | null; to: string | null } {
  const today = localDay(now);
  const y = now.getFullYear();
  const m = now.getMonth();
  switch (p) {
    case "this-month":
      return { from: localDay(new Date(y, m, 1)), to: today };
    case "last-30-days":
      return { from: localDay(new Date(y, m, now.getDate() - 29)), to: today };
    case "last-3-months":
      return { from: localDay(new Date(y, m - 2, 1)), to: today };
    case "last-12-months":
      return { from: localDay(new Date(y, m - 11, 1)), to: today };
    default:
      return { from: null, to: null };
  }
}

/** A typed amount: a number, 0 or more; null when it is not one. */
export function parseAmount(text: string): number | null {
  const t = text.trim().replace(/,/g, "");
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export type SortKey = "key" | "amount" | "runs" | "cpuHours" | "memoryGibHours" | "credits" | "cloudCost" | "unknownCost" | "estimated";

/** The table's rows sorted by a column; `amount` is the report's own order (highest spend first). */
export function sortRows(rows: ReportRow[], key: SortKey, desc: boolean): ReportRow[] {
  if (key === "amount") return desc ? rows : [...rows].reverse();
  const out = [...rows].sort((a, b) => (key === "key" ? a.key.localeCompare(b.key) : a[key] - b[key]));
  return desc ? out.reverse() : out;
}

/** Whether budget `b` is about the scope shown: a workspace's own and its organization's. */
export function budgetFor(b: BudgetView, scope: CreditsScope, workspaces: Workspace[]): boolean {
  if (scope.workspace !== null) {
    if (b.workspace === scope.workspace) return true;
    const w = workspaces.find((x) => x.id === scope.workspace);
    return !!w && b.workspace === null && b.accountId === w.accountId && b.orgId === w.orgId;
  }
  if (scope.orgId !== null) {
    const inOrg = (id: number | null) => workspaces.find((x) => x.id === id)?.orgId === scope.orgId;
    return b.accountId === scope.accountId && (b.orgId === scope.orgId || inOrg(b.workspace));
  }
  if (scope.accountId !== null) return b.accountId === scope.accountId;
  return true;
}
