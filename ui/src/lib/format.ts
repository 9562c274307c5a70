// Pure formatting helpers: no DOM, no Tauri. Unit-tested in tests/unit/format.test.ts.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Parses an RFC 3339 timestamp; null when absent or unreadable. */
export function parseTime(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * "just now", "2 min ago", "3 h ago", "yesterday", "5 days ago", then a date.
 * Future times (clock skew) read "in 2 min".
 */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parseTime(iso);
  if (!d) return "never";
  const diff = now.getTime() - d.getTime();
  const future = diff < 0;
  const abs = Math.abs(diff);
  const phrase = (s: string) => (future ? `in ${s}` : `${s} ago`);
  if (abs < 45_000) return "just now";
  if (abs < HOUR) return phrase(`${Math.max(1, Math.round(abs / MINUTE))} min`);
  if (abs < DAY) return phrase(`${Math.round(abs / HOUR)} h`);
  const days = Math.round(abs / DAY);
  if (days === 1) return future ? "tomorrow" : "yesterday";
  if (days < 30) return phrase(`${days} days`);
  return d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** The exact local time, shown on hover next to every relative time. */
export function exactTime(iso: string | null | undefined): string {
  const d = parseTime(iso);
  if (!d) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  const offsetMin = -d.getTimezoneOffset();
  const sign = offsetMin >= 0 ? "+" : "-";
  const off = `${sign}${pad(Math.floor(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (UTC${off})`
  );
}

/** Credits with two decimals and thousands separators: 1234.5 → "1,234.50"; tiny non-zero → "<0.01". */
export function formatCredits(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (value > 0 && value < 0.005) return "<0.01";
  return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A rate such as 0.1 or 0.025: as many decimals as it needs, at most 4. */
export function formatRate(value: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 4 });
}

/** Hours with one decimal: 12.34 → "12.3". */
export function formatHours(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** "1 change", "3 changes". */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2026-03" → "Mar 2026"; anything else is shown as given. */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month;
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const idx = Number(m[2]) - 1;
  return idx >= 0 && idx < 12 ? `${names[idx]} ${m[1]}` : month;
}

/** Run progress: null stays unknown, the rest is clamped to 0–100 and rounded. */
export function formatProgress(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || Number.isNaN(percent)) return "—";
  return `${Math.round(Math.min(100, Math.max(0, percent)))}%`;
}


/** What the window shows for a value no response from the server gave. */
export const UNKNOWN = "unknown";

/** A workspace's visibility in the Platform's words; "unknown" when the server has not said it. */
export function visibilityLabel(v: "PRIVATE" | "SHARED" | null | undefined): string {
  if (v === "SHARED") return "Shared";
  if (v === "PRIVATE") return "Private";
  return UNKNOWN;
}

/** A workspace's title: its full name, or its name while the full name is unknown. */
export function workspaceTitle(w: { name: string; fullName: string | null }): string {
  return w.fullName ?? w.name;
}
