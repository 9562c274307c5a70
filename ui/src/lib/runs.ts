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
