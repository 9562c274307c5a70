// What the status bar says about one account. Pure, so it can be table-tested.
import type { AccountStatus, SyncProgress } from "./bindings";
import { plural, relativeTime } from "./format";

export type Tone = "ok" | "busy" | "warn" | "error" | "muted";

export type StatusSummary = {
  tone: Tone;
  /** Online, Offline, Syncing, Token expired, Not synced yet */
  label: string;
  /** "workspaces, 3/10" while syncing */
  progress: string | null;
  /** "synced 2 min ago"; the exact time goes on hover */
  synced: string | null;
  /** "no changes waiting" or "3 changes waiting", then "1 conflict", "2 rejected" when there are any */
  counts: string[];
  /** what to do about it, when something needs the user */
  hint: string | null;
};

export function progressText(p: SyncProgress | null): string | null {
  if (!p) return null;
  const count = p.total === null ? `${p.what}, ${p.done}` : `${p.what}, ${p.done}/${p.total}`;
  const left = timeLeft(p.secondsLeft);
  return left ? `${count}, ${left}` : count;
}

/** How long the core reckons a sync has left, in words: "about 3 min left". */
export function timeLeft(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 60) return "under a minute left";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h left` : `about ${hours} h ${rest} min left`;
}

export function changeCounts(s: Pick<AccountStatus, "pending" | "conflicts" | "rejected">): string[] {
  const out: string[] = [];
  // Always said, even at zero: the bar is where a person checks that nothing is left unsent.
  out.push(s.pending > 0 ? `${plural(s.pending, "change")} waiting` : "no changes waiting");
  if (s.conflicts > 0) out.push(plural(s.conflicts, "conflict"));
  if (s.rejected > 0) out.push(`${s.rejected} rejected`);
  return out;
}

export function summarizeStatus(s: AccountStatus, now: Date = new Date()): StatusSummary {
  const counts = changeCounts(s);
  const synced = s.lastSync ? `synced ${relativeTime(s.lastSync, now)}` : null;
  const base = { progress: null, synced, counts };
  const conflictHint =
    s.conflicts > 0 || s.rejected > 0 ? "Open the list of changes to retry or discard them." : null;
  switch (s.connection) {
    case "online":
      return { ...base, tone: s.conflicts > 0 || s.rejected > 0 ? "warn" : "ok", label: "Online", hint: conflictHint };
    case "syncing":
      return { ...base, tone: "busy", label: "Syncing", progress: progressText(s.progress), hint: conflictHint };
    case "offline":
      return {
        ...base,
        tone: "muted",
        label: "Offline",
        hint:
          (s.lastError ? `${s.lastError}. ` : "") +
          (s.pending > 0
            ? "Your changes are kept and will be sent when the server can be reached."
            : "Showing what was last synced."),
      };
    case "token_expired":
      return {
        ...base,
        tone: "error",
        label: "Token expired",
        hint: "The server refused the access token. Add the account again with a new token (account menu → Add an account); waiting changes are kept.",
      };
    case "never_synced":
      return { ...base, tone: "muted", label: "Not synced yet", hint: s.lastError };
  }
}

/** The bar's tooltip: its figures on one line (screen readers read the bar's own text). */
export function statusLine(sum: StatusSummary): string {
  return [sum.label, sum.progress, sum.synced, ...sum.counts].filter(Boolean).join(" · ");
}
