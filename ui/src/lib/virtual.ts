// Helpers for the long lists that render only what is on screen (virtua's Virtualizer): the
// Launchpad's cards in rows, the Runs table. The page scrolls in the shell's content area, not
// in the list, so each list is told which element scrolls and how far below its top it starts.

/**
 * How many cards fit side by side: what CSS grid's `repeat(auto-fill, minmax(min, 1fr))` with
 * `gap` gives in `width` pixels (at least one).
 */
export function columnsFor(width: number, min: number, gap: number): number {
  if (!(width > 0) || !(min > 0)) return 1;
  return Math.max(1, Math.floor((width + gap) / (min + gap)));
}

/** The items in rows of `size` (the last row may be shorter). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += n) rows.push(items.slice(i, i + n));
  return rows;
}

/** The nearest ancestor that scrolls vertically (the shell's content area), else the page's. */
export function scrollParent(el: Element): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const y = getComputedStyle(p).overflowY;
    if (y === "auto" || y === "scroll" || y === "overlay") return p;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

/** How far below the top of `scroller`'s scrolled content `el` starts, in pixels. */
export function offsetWithin(el: Element, scroller: HTMLElement): number {
  const top = el.getBoundingClientRect().top;
  const origin = scroller.getBoundingClientRect().top + scroller.clientTop;
  return Math.max(0, Math.round(top - origin + scroller.scrollTop));
}

/**
 * Keeps `set` told of `list`'s offset within its scrolling ancestor: measured now and again
 * whenever `around` (the section holding the list and what is above it) changes size, as when
 * the drafts or an alert appear above the list or the window is resized. Returns the scroller
 * and a function that stops watching.
 */
export function watchOffset(
  list: HTMLElement,
  around: HTMLElement,
  set: (offset: number) => void,
): { scroller: HTMLElement; stop: () => void } {
  const scroller = scrollParent(list);
  const measure = () => set(offsetWithin(list, scroller));
  measure();
  const ro = new ResizeObserver(measure);
  ro.observe(around);
  return { scroller, stop: () => ro.disconnect() };
}
