// View → Theme: System (follow the OS), Light or Dark, remembered in prefs.json
// (tauri-plugin-store). The root element's data-theme says which palette app.css applies; with
// System it follows the OS as it changes.
export type Theme = "system" | "light" | "dark";

export function isTheme(v: unknown): v is Theme {
  return v === "system" || v === "light" || v === "dark";
}

/** The palette a theme shows when the OS prefers dark (`osDark`) or not. */
export function palette(theme: Theme, osDark: boolean): "light" | "dark" {
  return theme === "system" ? (osDark ? "dark" : "light") : theme;
}

const query = () => (typeof window !== "undefined" && window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null);

let current: Theme = "system";
let listening = false;

/** Applies a theme to the document now, and follows the OS while it is System. */
export function applyTheme(theme: Theme): void {
  current = theme;
  const q = query();
  document.documentElement.dataset.theme = palette(theme, q?.matches ?? false);
  if (q && !listening) {
    listening = true;
    q.addEventListener("change", () => applyTheme(current));
  }
}
