import { describe, expect, it } from "vitest";
import { isTheme, palette } from "../../src/lib/theme";

describe("View → Theme", () => {
  it.each([
    ["system", false, "light"],
    ["system", true, "dark"],
    ["light", true, "light"],
    ["dark", false, "dark"],
  ] as const)("%s on a %s-dark OS shows %s", (theme, osDark, shown) => expect(palette(theme, osDark)).toBe(shown));
  it("only the three are themes (a broken prefs file falls back to System)", () => {
    expect(isTheme("dark")).toBe(true);
    expect(isTheme("blue")).toBe(false);
    expect(isTheme(undefined)).toBe(false);
  });
});
