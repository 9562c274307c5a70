import { describe, expect, it } from "vitest";
import { shortcutAction } from "../../src/lib/shortcuts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("shortcutAction", () => {
  it("maps Ctrl or Cmd with a key to the menu's action", () => {
    expect(shortcutAction(key("k", { ctrlKey: true }))).toBe("search");
    expect(shortcutAction(key("K", { metaKey: true }))).toBe("search");
    expect(shortcutAction(key("r", { ctrlKey: true }))).toBe("syncNow");
    expect(shortcutAction(key("1", { ctrlKey: true }))).toBe("launchpad");
    expect(shortcutAction(key("3", { ctrlKey: true }))).toBe("actions");
    expect(shortcutAction(key("4", { ctrlKey: true }))).toBe("computeEnvs");
    expect(shortcutAction(key("7", { metaKey: true }))).toBe("settings");
    expect(shortcutAction(key("F1"))).toBe("keyboardShortcuts");
  });
  it("leaves every other key to the page", () => {
    expect(shortcutAction(key("k"))).toBeNull();
    expect(shortcutAction(key("8", { ctrlKey: true }))).toBeNull();
    expect(shortcutAction(key("k", { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutAction(key("r", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutAction(key("F1", { ctrlKey: true }))).toBeNull();
    expect(shortcutAction(key("c", { ctrlKey: true }))).toBeNull();
  });
});
