import { describe, expect, it } from "vitest";
import { chunk, columnsFor } from "../../src/lib/virtual";

describe("columnsFor", () => {
  it("counts what CSS grid's auto-fill of minmax(320px, 1fr) with a 16px gap gives", () => {
    // The Launchpad at 1280×800: 996px of list, three columns.
    expect(columnsFor(996, 320, 16)).toBe(3);
    // n columns need n * 320 + (n - 1) * 16 pixels.
    expect(columnsFor(3 * 320 + 2 * 16, 320, 16)).toBe(3);
    expect(columnsFor(3 * 320 + 2 * 16 - 1, 320, 16)).toBe(2);
    expect(columnsFor(4 * 320 + 3 * 16, 320, 16)).toBe(4);
    expect(columnsFor(656, 320, 16)).toBe(2);
  });

  it("is at least one, also before the width is known", () => {
    expect(columnsFor(200, 320, 16)).toBe(1);
    expect(columnsFor(0, 320, 16)).toBe(1);
    expect(columnsFor(Number.NaN, 320, 16)).toBe(1);
  });
});

describe("chunk", () => {
  it("cuts the items into rows, the last one shorter", () => {
    expect(chunk([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(chunk([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
    expect(chunk([], 3)).toEqual([]);
  });

  it("keeps every item once, in order, for any row size", () => {
    const items = Array.from({ length: 3003 }, (_, i) => i);
    for (const n of [1, 2, 3, 4, 7]) {
      const rows = chunk(items, n);
      expect(rows.flat()).toEqual(items);
      expect(rows.length).toBe(Math.ceil(3003 / n));
    }
    // A size below one is one card a row.
    expect(chunk([1, 2], 0)).toEqual([[1], [2]]);
  });
});
