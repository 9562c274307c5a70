// Turning the bindings' Result values into exceptions the UI can catch, without losing the
// AppError's kind and message (shown to the user as they are).
import type { AppError, Result } from "./bindings";

export class AppFailure extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = "AppFailure";
    this.error = error;
  }
}

export async function unwrap<T>(call: Promise<Result<T, AppError>>): Promise<T> {
  const r = await call;
  if (r.status === "ok") return r.data;
  throw new AppFailure(r.error);
}

/** The message to show for anything a command threw. */
export function errorMessage(e: unknown): string {
  if (e instanceof AppFailure) return e.error.message;
  if (e instanceof Error) return e.message;
  if (e && typeof e === "object" && "message" in e && typeof e.message === "string") return e.message;
  return String(e);
}

export function errorKind(e: unknown): string | null {
  return e instanceof AppFailure ? e.error.kind : null;
}
