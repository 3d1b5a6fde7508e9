/** Linear interpolation in a sorted abscissa, clamped at both ends (tables are never extrapolated). */
export function interpolateClamped(xs: readonly number[], ys: readonly number[], x: number): number {
  const last = xs.length - 1;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[last]) return ys[last];
  let i = 1;
  while (xs[i] < x) i++;
  const t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[i - 1] + t * (ys[i] - ys[i - 1]);
}

/** Index pair and weight of x between the nodes of a sorted grid, clamped. */
export function bracket(xs: readonly number[], x: number): { readonly lo: number; readonly hi: number; readonly t: number } {
  const last = xs.length - 1;
  if (x <= xs[0]) return { lo: 0, hi: 0, t: 0 };
  if (x >= xs[last]) return { lo: last, hi: last, t: 0 };
  let i = 1;
  while (xs[i] < x) i++;
  return { lo: i - 1, hi: i, t: (x - xs[i - 1]) / (xs[i] - xs[i - 1]) };
}
