// Colour for a run status as the API gives it (SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELLED, UNKNOWN).
import type { Tone } from "./status";

export function runStatusTone(status: string): Tone {
  switch (status.trim().toLowerCase()) {
    case "succeeded":
      return "ok";
    case "running":
    case "submitted":
      return "busy";
    case "failed":
      return "error";
    case "cancelled":
      return "warn";
    default:
      return "muted";
  }
}

/** Whether a run (status as the core keeps it) is still going: its page and the list follow it live. */
export function runIsGoing(status: string): boolean {
  const s = status.trim().toLowerCase();
  return s === "submitted" || s === "running";
}

/** A duration in milliseconds as the Platform shows it: "45s", "12m 5s", "3h 4m", "2d 1h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms) || ms < 0) return "—";
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** A run's duration: the core's for a finished run, else counted from submission to now. */
export function runDuration(r: { durationMs: number | null; submitted: string | null; status: string }, now: Date): number | null {
  if (r.durationMs !== null) return r.durationMs;
  if (!runIsGoing(r.status) || !r.submitted) return null;
  const t = Date.parse(r.submitted);
  return Number.isNaN(t) ? null : Math.max(0, now.getTime() - t);
}

/** How often a running run is read again: every few seconds while the window is visible, slower when hidden. */
export const LIVE_VISIBLE_MS = 5_000;
export const LIVE_HIDDEN_MS = 60_000;

/**
 * Calls `tick` again and again while it answers true: LIVE_VISIBLE_MS after the last answer while
 * the window is visible, LIVE_HIDDEN_MS while it is hidden (document.visibilityState); coming back
 * into view reads at once. A failed tick (offline) waits the hidden delay. Returns the stop.
 */
export function followLive(tick: () => Promise<boolean>): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  const delay = () => (document.visibilityState === "hidden" ? LIVE_HIDDEN_MS : LIVE_VISIBLE_MS);
  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  async function run() {
    timer = null;
    if (stopped || running) return;
    running = true;
    let again = true;
    let wait = delay();
    try {
      again = await tick();
    } catch {
      wait = LIVE_HIDDEN_MS;
    } finally {
      running = false;
    }
    if (again) schedule(wait);
  }
  const onVisible = () => {
    if (document.visibilityState === "visible" && timer) schedule(0);
    else if (timer) schedule(delay());
  };
  document.addEventListener("visibilitychange", onVisible);
  schedule(delay());
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    document.removeEventListener("visibilitychange", onVisible);
  };
}
