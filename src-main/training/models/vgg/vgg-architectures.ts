/**
 * The VGG family's layouts (Simonyan & Zisserman 2014, table 1, configurations A, B, D, E), free of
 * TensorFlow.js so the run config can name them in the main process.
 */
export const vggArchitectures = ['vgg11', 'vgg13', 'vgg16', 'vgg19'] as const;

/** One of {@link vggArchitectures}. */
export type VggArchitecture = (typeof vggArchitectures)[number];

/** 3x3 convolutions in each of the five stages (the paper's conv1..conv5 groups). */
export const vggLayouts: Readonly<
  Record<VggArchitecture, readonly [number, number, number, number, number]>
> = {
  vgg11: [1, 1, 2, 2, 2],
  vgg13: [2, 2, 2, 2, 2],
  vgg16: [2, 2, 3, 3, 3],
  vgg19: [2, 2, 4, 4, 4],
};

/** The stages' widths at multiplier 1. */
const BASE_CHANNELS = [64, 128, 256, 512, 512] as const;

/** Below this many channels a convolution stops learning useful features (ResNet's floor). */
const MIN_CHANNELS = 8;

/** The five stages' channel counts at a width multiplier. */
export function vggStageChannels(width: number): number[] {
  return BASE_CHANNELS.map((channels) => Math.max(MIN_CHANNELS, Math.round(channels * width)));
}
