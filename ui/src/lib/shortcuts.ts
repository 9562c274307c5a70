// The keyboard shortcuts: the native menu shows and handles them (src-tauri/src/menu.rs); the
// window handles the same keys itself too, so they work where the menu does not see them.
// Ctrl/Cmd+1…7 are the workspace's seven sections in the sidebar's order (workspaceSections);
// Credits, Towerdesk's own section below them, is in the menu without a number.
import type { MenuAction } from "./bindings";

/** Cmd on macOS, Ctrl elsewhere. */
export const MOD = typeof navigator !== "undefined" && /Mac/.test(navigator.platform) ? "⌘" : "Ctrl+";

export const SHORTCUTS: { keys: string; action: MenuAction; label: string }[] = [
  { keys: "K", action: "search", label: "Search everything" },
  { keys: "R", action: "syncNow", label: "Sync now" },
  { keys: "1", action: "launchpad", label: "Launchpad" },
  { keys: "2", action: "runs", label: "Runs" },
  { keys: "3", action: "actions", label: "Actions" },
  { keys: "4", action: "computeEnvs", label: "Compute environments" },
  { keys: "5", action: "credentials", label: "Credentials" },
  { keys: "6", action: "participants", label: "Participants" },
  { keys: "7", action: "settings", label: "Settings" },
];

/** The action a key press asks for, if it is one of the shortcuts. */
export function shortcutAction(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): MenuAction | null {
  if (e.key === "F1" && !e.ctrlKey && !e.metaKey && !e.altKey) return "keyboardShortcuts";
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  const key = e.key.toUpperCase();
  return SHORTCUTS.find((s) => s.keys === key)?.action ?? null;
}
