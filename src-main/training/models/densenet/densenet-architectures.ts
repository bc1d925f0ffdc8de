/**
 * The DenseNet-BC family's layouts (Huang et al. 2017, table 1), free of TensorFlow.js so the run config
 * can name them in the main process.
 */
export const densenetArchitectures = ['densenet121', 'densenet169', 'densenet201'] as const;

/** One of {@link densenetArchitectures}. */
export type DenseNetArchitecture = (typeof densenetArchitectures)[number];

/** Dense layers in each of the four dense blocks. */
export const densenetLayouts: Readonly<
  Record<DenseNetArchitecture, readonly [number, number, number, number]>
> = {
  densenet121: [6, 12, 24, 16],
  densenet169: [6, 12, 32, 32],
  densenet201: [6, 12, 48, 32],
};

/** The growth rate k at multiplier 1: channels each dense layer adds. */
const BASE_GROWTH_RATE = 32;

/** A dense layer's 1x1 bottleneck is this many times k wide (the "B" of DenseNet-BC). */
export const BOTTLENECK_FACTOR = 4;

/** A transition keeps this fraction of its input's channels (the "C" of DenseNet-BC, theta). */
export const COMPRESSION = 0.5;

/** Below 4 channels a dense layer adds too little to learn from (width 0.125 gives k = 4). */
const MIN_GROWTH_RATE = 4;

/** DenseNet's width is its growth rate: k = 32 x width, at least {@link MIN_GROWTH_RATE}. */
export function growthRate(width: number): number {
  return Math.max(MIN_GROWTH_RATE, Math.round(BASE_GROWTH_RATE * width));
}
