// Colour for a pipeline action's status as the API gives it (CREATING, ACTIVE, ERROR, PAUSED).
import type { Tone } from "./status";

export function actionStatusTone(status: string | null): Tone {
  switch ((status ?? "").trim().toUpperCase()) {
    case "ACTIVE":
      return "ok";
    case "CREATING":
      return "busy";
    case "PAUSED":
      return "warn";
    case "ERROR":
      return "error";
    default:
      return "muted";
  }
}
