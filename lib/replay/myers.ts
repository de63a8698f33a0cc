/**
 * Myers' O((N+M)·D) difference algorithm, in linear space ("An O(ND) Difference Algorithm and Its
 * Variations", 1986, §4b): the pairs of a longest common subsequence of two sequences of ints. D is the
 * number of insertions and deletions, so two long traces that differ a little align in near-linear
 * time, where the table of the textbook LCS would need N·M cells. Pure: usable in the browser.
 */

interface Snake {
  /** Where the middle snake starts and ends, in absolute indices of a and b. */
  x: number;
  y: number;
  u: number;
  v: number;
}

/** The middle snake of a[aLo, aHi) against b[bLo, bHi), both non-empty and differing at both ends. */
function middleSnake(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number): Snake {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const max = Math.ceil((n + m) / 2);
  const offset = max + 1;
  // vf[k]: furthest x on forward diagonal k (= x − y); vb[k]: the same from the ends, on the reversed sequences.
  const vf = new Int32Array(2 * max + 3);
  const vb = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && vf[offset + k - 1] < vf[offset + k + 1]) ? vf[offset + k + 1] : vf[offset + k - 1] + 1;
      let y = x - k;
      const x0 = x;
      const y0 = y;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      vf[offset + k] = x;
      // Forward diagonal k is reversed diagonal delta − k; with an odd delta the paths can meet on a forward step.
      const r = delta - k;
      if (odd && r >= -(d - 1) && r <= d - 1 && x + vb[offset + r] >= n)
        return { x: aLo + x0, y: bLo + y0, u: aLo + x, v: bLo + y };
    }
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && vb[offset + k - 1] < vb[offset + k + 1]) ? vb[offset + k + 1] : vb[offset + k - 1] + 1;
      let y = x - k;
      const x0 = x;
      const y0 = y;
      while (x < n && y < m && a[aHi - 1 - x] === b[bHi - 1 - y]) {
        x++;
        y++;
      }
      vb[offset + k] = x;
      const f = delta - k;
      if (!odd && f >= -d && f <= d && x + vf[offset + f] >= n)
        return { x: aHi - x, y: bHi - y, u: aHi - x0, v: bHi - y0 };
    }
  }
  throw new Error('myers: no middle snake (unreachable for non-empty inputs)');
}

function diff(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, out: number[]): void {
  // The common prefix and suffix are matched as they are; what is left differs at both ends (D ≥ 2 if both are non-empty).
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) out.push(aLo++, bLo++);
  let suffix = 0;
  while (aLo < aHi - suffix && bLo < bHi - suffix && a[aHi - 1 - suffix] === b[bHi - 1 - suffix]) suffix++;
  const aEnd = aHi - suffix;
  const bEnd = bHi - suffix;
  if (aLo < aEnd && bLo < bEnd) {
    const s = middleSnake(a, aLo, aEnd, b, bLo, bEnd);
    // Each half has a strictly smaller D than the whole, so the recursion ends (its depth is about log D).
    diff(a, aLo, s.x, b, bLo, s.y, out);
    for (let i = s.x, j = s.y; i < s.u; i++, j++) out.push(i, j);
    diff(a, s.u, aEnd, b, s.v, bEnd, out);
  }
  for (let t = 0; t < suffix; t++) out.push(aEnd + t, bEnd + t);
}

/** The matched index pairs [i, j] of a longest common subsequence of a and b, in increasing order. */
export function myersMatches(a: Int32Array, b: Int32Array): [number, number][] {
  const flat: number[] = [];
  diff(a, 0, a.length, b, 0, b.length, flat);
  const pairs: [number, number][] = [];
  for (let p = 0; p < flat.length; p += 2) pairs.push([flat[p], flat[p + 1]]);
  return pairs;
}
