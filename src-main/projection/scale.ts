/**
 * Maps `n` points of `dims` coordinates into [-1, 1] on the widest axis, keeping the aspect: every axis
 * is centred on the middle of its range and all are divided by the same half-width, so a round cloud
 * stays round. A map of one point (or of points all in one place) lies at the origin.
 */
export function scaleToUnit(coords: Float32Array, n: number, dims: number): Float32Array {
  const out = new Float32Array(n * dims);
  if (n === 0) return out;
  const centre = new Float64Array(dims);
  let half = 0;
  for (let a = 0; a < dims; a++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = coords[i * dims + a]!;
      if (v < low) low = v;
      if (v > high) high = v;
    }
    centre[a] = (low + high) / 2;
    half = Math.max(half, (high - low) / 2);
  }
  const scale = half > 0 ? 1 / half : 0;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dims; a++) {
      // Clamped: rounding may put the extreme point a hair past 1.
      const v = (coords[i * dims + a]! - centre[a]!) * scale;
      out[i * dims + a] = Math.max(-1, Math.min(1, v));
    }
  }
  return out;
}
