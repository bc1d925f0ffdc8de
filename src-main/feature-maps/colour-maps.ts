/** A colour map: a value in [0, 1] to 8-bit RGB. */
export type ColourMap = (value: number) => [number, number, number];

/** Piecewise-linear map through evenly spaced stops. */
function throughStops(stops: readonly (readonly [number, number, number])[]): ColourMap {
  return (value) => {
    const t = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0)) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(t));
    const f = t - i;
    const [r0, g0, b0] = stops[i]!;
    const [r1, g1, b1] = stops[i + 1]!;
    return [Math.round(r0 + (r1 - r0) * f), Math.round(g0 + (g1 - g0) * f), Math.round(b0 + (b1 - b0) * f)];
  };
}

/** Matplotlib's viridis at nine stops: perceptually even, readable in grey (the activation maps). */
export const viridis: ColourMap = throughStops([
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
]);

/** Matplotlib's inferno at nine stops: dark to hot, for a heat map over a photo. */
export const inferno: ColourMap = throughStops([
  [0, 0, 4],
  [31, 12, 72],
  [85, 15, 109],
  [136, 34, 106],
  [186, 54, 85],
  [227, 89, 51],
  [249, 140, 10],
  [249, 201, 50],
  [252, 255, 164],
]);
