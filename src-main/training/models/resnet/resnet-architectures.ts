/**
 * The ResNet family's stage layouts (He et al. 2015, table 1), kept free of TensorFlow.js so that the run
 * config can name and check architectures in the main process without loading it.
 */
export const resnetArchitectures = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152'] as const;

/** One of {@link resnetArchitectures}. */
export type ResNetArchitecture = (typeof resnetArchitectures)[number];

/** Basic blocks are two 3x3 convolutions; bottlenecks are 1x1 (narrow), 3x3, 1x1 (4x wider). */
export type ResNetBlockKind = 'basic' | 'bottleneck';

export interface ResNetLayout {
  block: ResNetBlockKind;
  /** Residual blocks in each of the four stages (the paper's conv2_x..conv5_x). */
  blocksPerStage: readonly [number, number, number, number];
}

export const resnetLayouts: Readonly<Record<ResNetArchitecture, ResNetLayout>> = {
  resnet18: { block: 'basic', blocksPerStage: [2, 2, 2, 2] },
  resnet34: { block: 'basic', blocksPerStage: [3, 4, 6, 3] },
  resnet50: { block: 'bottleneck', blocksPerStage: [3, 4, 6, 3] },
  resnet101: { block: 'bottleneck', blocksPerStage: [3, 4, 23, 3] },
  resnet152: { block: 'bottleneck', blocksPerStage: [3, 8, 36, 3] },
};

/** A bottleneck block's output is this many times its inner (3x3) width. */
export const BOTTLENECK_EXPANSION = 4;

/** The stages' widths at multiplier 1 (the stem has the first stage's width). */
const BASE_CHANNELS = [64, 128, 256, 512] as const;

/** Below this many channels a convolution stops learning useful features and saves nothing measurable. */
export const MIN_CHANNELS = 8;

/**
 * Input sizes a run accepts: below 64 pixels a face loses what tells people apart; above 160 a laptop
 * trains too slowly for the detail gained.
 */
export const MIN_INPUT_SIZE = 64;
export const MAX_INPUT_SIZE = 160;

/**
 * The builder itself goes down to 32 (the last stage still 4x4): tests train a real ResNet at 32x32 in
 * seconds on the cpu backend, whose filter-gradient kernel takes ~10 s a step at 64x64.
 */
export const MIN_BUILD_INPUT_SIZE = 32;

/** Width multipliers the builder accepts (0.125 already gives the 8-channel minimum). */
export const MIN_WIDTH = 0.125;
export const MAX_WIDTH = 2;

/**
 * Inputs from this size up get ImageNet's 7x7/2 convolution and 3x3/2 max pool (4x less resolution into
 * the stages); smaller ones a 3x3/1 convolution, like the CIFAR ResNets. A 64x64 face would leave the
 * ImageNet stem at 16x16 and the last stage at 2x2, too coarse for eyes and mouth; at 112 and above the
 * stride-1 stem would run the first stage at full resolution, 3x to 6x the compute of a 64x64 input for
 * detail that a 28x28 first stage (the ImageNet stem's) still resolves.
 */
export const LARGE_STEM_FROM = 112;

/** `small`: 3x3 stride 1 convolution; `large`: 7x7 stride 2 convolution then 3x3 stride 2 max pool. */
export type ResNetStem = 'small' | 'large';

/** The stem {@link LARGE_STEM_FROM} chooses for an input size. */
export function stemFor(inputSize: number): ResNetStem {
  return inputSize >= LARGE_STEM_FROM ? 'large' : 'small';
}

/** The four stages' channel counts (inner widths for bottlenecks) at a width multiplier. */
export function stageChannels(width: number): [number, number, number, number] {
  const scaled = BASE_CHANNELS.map((channels) => Math.max(MIN_CHANNELS, Math.round(channels * width)));
  return scaled as [number, number, number, number];
}
