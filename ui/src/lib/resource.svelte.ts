// One listing a section shows: its data, its error, and protection against a slow old answer
// overwriting a newer one when the person switches workspaces quickly.
import type { AppError, Result } from "./bindings";
import { errorMessage, unwrap } from "./result";

export class Resource<T> {
  data = $state<T | null>(null);
  error = $state<string | null>(null);
  private seq = 0;

  /** starts a load; keepData shows the old rows while refreshing the same listing */
  load(call: Promise<Result<T, AppError>>, keepData = false): void {
    const mine = ++this.seq;
    if (!keepData) this.data = null;
    unwrap(call)
      .then((d) => {
        if (mine !== this.seq) return;
        this.data = d;
        this.error = null;
      })
      .catch((e: unknown) => {
        if (mine !== this.seq) return;
        this.error = errorMessage(e);
      });
  }
}
