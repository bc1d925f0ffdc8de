/**
 * The Inception family's layout: GoogLeNet's (Szegedy et al. 2014, table 1) modules 3a-5b, free of
 * TensorFlow.js so the run config can name it in the main process.
 */
export const inceptionArchitectures = ['inception'] as const;

/** One of {@link inceptionArchitectures}. */
export type InceptionArchitecture = (typeof inceptionArchitectures)[number];

/** One module's branch widths at multiplier 1 (the table's "#1x1", "#3x3 reduce", ... "pool proj"). */
export interface InceptionModule {
  conv1x1: number;
  reduce3x3: number;
  conv3x3: number;
  /** Width of the 5x5 branch's reduction and of its two 3x3 convolutions (see inception-module.ts). */
  reduce5x5: number;
  conv5x5: number;
  poolProjection: number;
}

const module = (...widths: [number, number, number, number, number, number]): InceptionModule => {
  const [conv1x1, reduce3x3, conv3x3, reduce5x5, conv5x5, poolProjection] = widths;
  return { conv1x1, reduce3x3, conv3x3, reduce5x5, conv5x5, poolProjection };
};

/**
 * Modules by stage, each stage opened by a 3x3/2 max pool: stage 3 holds 3a-3b, stage 4 4a-4e, stage 5
 * 5a-5b (the paper's numbering, so the stem is stages 1-2).
 */
export const INCEPTION_STAGES: readonly (readonly InceptionModule[])[] = [
  [module(64, 96, 128, 16, 32, 32), module(128, 128, 192, 32, 96, 64)],
  [
    module(192, 96, 208, 16, 48, 64),
    module(160, 112, 224, 24, 64, 64),
    module(128, 128, 256, 24, 64, 64),
    module(112, 144, 288, 32, 64, 64),
    module(256, 160, 320, 32, 128, 128),
  ],
  [module(256, 160, 320, 32, 128, 128), module(384, 192, 384, 48, 128, 128)],
];

/** The stem's three convolutions (7x7 or 3x3, 1x1, 3x3) at multiplier 1. */
export const INCEPTION_STEM = [64, 64, 192] as const;

/** Branches below this many channels learn nothing useful (a module at width 0.125 has 2-wide ones). */
const MIN_BRANCH_CHANNELS = 4;

/** A width at a multiplier, rounded, at least {@link MIN_BRANCH_CHANNELS}. */
export function inceptionChannels(channels: number, width: number): number {
  return Math.max(MIN_BRANCH_CHANNELS, Math.round(channels * width));
}
