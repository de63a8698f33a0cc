/** The waterfall's rows have one fixed height: nothing shifts as rows stream in, and scrolling is arithmetic. */
export const ROW_HEIGHT = 22;

/**
 * Where to scroll so that row `index` is in view, or null when it already is. Always a row
 * boundary, so the first visible row is never cut in half; the row itself still fits whole below it.
 */
export function followScrollTop(
  index: number,
  scrollTop: number,
  viewHeight: number,
  rowHeight: number = ROW_HEIGHT,
): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom <= scrollTop + viewHeight) return null;
  return Math.min(top, Math.ceil((bottom - viewHeight) / rowHeight) * rowHeight);
}
