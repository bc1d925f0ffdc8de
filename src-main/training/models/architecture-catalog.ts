import { densenetArchitectures } from './densenet/densenet-architectures';
import { inceptionArchitectures } from './inception/inception-architectures';
import { LARGE_STEM_FROM, resnetArchitectures } from './resnet/resnet-architectures';
import { vggArchitectures } from './vgg/vgg-architectures';

/**
 * Every network a run can train from scratch, by name, with what a user should know before choosing one.
 * Free of TensorFlow.js: the run config and the run service read it in the main process.
 */
export const architectureNames = [
  ...resnetArchitectures,
  ...vggArchitectures,
  ...inceptionArchitectures,
  ...densenetArchitectures,
] as const;

/** One of {@link architectureNames}. */
export type ArchitectureName = (typeof architectureNames)[number];

export type ArchitectureFamily = 'resnet' | 'vgg' | 'inception' | 'densenet';

export interface ArchitectureInfo {
  family: ArchitectureFamily;
  /**
   * Weights up to the embedding at width 1, input 112 and embedding 128 (batch norm's moving statistics
   * included; the logits, which depend on the classes, not): the size to compare with the literature's.
   */
  parameters: number;
  /**
   * Peak tensor memory of one training step at the default width (0.25), 64x64 and batch 16, in MB
   * (measured with tf.profile; roughly proportional to the batch, the width and the input's area).
   */
  stepMemoryMB: number;
  /** Too large to train on wasm at the default width, input and batch (see {@link reason}). */
  nativeRecommended: boolean;
  /** Why native is recommended; null where wasm trains it well enough. */
  reason: string | null;
}

/** wasm's heap ends at 4 GB: a step needing more aborts ("RuntimeError: Aborted()", measured with ResNet-50). */
const WASM_HEAP_MB = 4096;

/** Warn from this estimate up: the estimate is rough, and the heap fragments before it is full. */
const WASM_WARN_MB = 0.75 * WASM_HEAP_MB;

const NATIVE = 'train it with native tfjs-node (`npm run setup:native`) or pick a smaller network';

/** A network whose step does not fit wasm's heap at the defaults. */
const tooLarge = (stepMemoryMB: number): string =>
  `a training step at 64x64, width 0.25 and batch 16 holds ~${(stepMemoryMB / 1000).toFixed(1)} GB of ` +
  `tensors, more than wasm's ${WASM_HEAP_MB / 1024} GB heap (the step aborts); ${NATIVE}`;

const entry = (family: ArchitectureFamily, parameters: number, stepMemoryMB: number): ArchitectureInfo =>
  stepMemoryMB > WASM_WARN_MB
    ? { family, parameters, stepMemoryMB, nativeRecommended: true, reason: tooLarge(stepMemoryMB) }
    : { family, parameters, stepMemoryMB, nativeRecommended: false, reason: null };

/**
 * Parameters counted by building each network; step memory measured with tf.profile on the native backend
 * (the same tensors as wasm's) at 64x64, width 0.25, batch 16. At that size wasm trains the VGGs in 0.3-0.6x
 * ResNet-18's step time, ResNet-34 and Inception in 1.6-1.7x (interleaved steps on 2 busy cores): none
 * slower than the default by enough to send it elsewhere. What rules wasm out is memory: ResNet-50 and up
 * and the DenseNets (whose dense blocks copy every earlier feature map into each concatenation) need more
 * than its heap, and at batch 8, where ResNet-50 and DenseNet-121 fit, step 3-4x slower than ResNet-18.
 */
export const architectureCatalog: Readonly<Record<ArchitectureName, ArchitectureInfo>> = {
  resnet18: entry('resnet', 11_252_160, 884),
  resnet34: entry('resnet', 21_367_744, 1485),
  resnet50: entry('resnet', 23_823_808, 4952),
  resnet101: entry('resnet', 42_868_160, 7470),
  resnet152: entry('resnet', 58_557_888, 10_579),
  vgg11: entry('vgg', 9_294_784, 268),
  vgg13: entry('vgg', 9_479_872, 397),
  vgg16: entry('vgg', 14_793_408, 438),
  vgg19: entry('vgg', 20_106_944, 481),
  inception: entry('inception', 6_414_912, 1502),
  densenet121: entry('densenet', 7_169_088, 6650),
  densenet169: entry('densenet', 12_856_384, 8128),
  densenet201: entry('densenet', 18_568_256, 10_628),
};

/**
 * How much smaller, in area, the large stem (from 112 pixels, see resnet-architectures.ts) leaves the
 * feature maps than the small one: 7x7/2 and a 3x3/2 pool, or VGG's stride-2 first convolution.
 */
const LARGE_STEM_AREA: Readonly<Record<ArchitectureFamily, number>> = {
  resnet: 16,
  vgg: 4,
  inception: 16,
  densenet: 16,
};

/** What a run's memory depends on (a TrainConfig has these fields). */
export interface ArchitectureRun {
  architecture: ArchitectureName;
  batchSize: number;
  width: number;
  inputSize: number;
}

/**
 * A rough estimate of one training step's peak tensor memory, in MB: the measured figure at 64x64, width
 * 0.25, batch 16, scaled by the batch, the width and the feature maps' area (activations dominate).
 */
export function estimatedStepMemoryMB(run: ArchitectureRun): number {
  const { family, stepMemoryMB } = architectureCatalog[run.architecture];
  const area = (run.inputSize / 64) ** 2 / (run.inputSize >= LARGE_STEM_FROM ? LARGE_STEM_AREA[family] : 1);
  return stepMemoryMB * (run.batchSize / 16) * (run.width / 0.25) * area;
}

/** Backends that train deep networks in reasonable time and memory (libtensorflow). */
const NATIVE_BACKENDS: readonly string[] = ['tensorflow', 'tensorflow-gpu'];

/**
 * What a run should warn about before it starts, unless `backend` is native: a network meant for a native
 * backend, or a step whose memory approaches wasm's heap (a smaller batch fits). `backend` unknown (the
 * run not started yet): worded for wasm, where runs without tfjs-node train.
 */
export function architectureWarnings(run: ArchitectureRun, backend?: string): string[] {
  if (backend !== undefined && NATIVE_BACKENDS.includes(backend)) return [];
  const { nativeRecommended, reason } = architectureCatalog[run.architecture];
  if (nativeRecommended) return [`${run.architecture} is meant for a native backend: ${reason}`];
  const memory = estimatedStepMemoryMB(run);
  if (memory <= WASM_WARN_MB) return [];
  const fits = Math.max(1, Math.floor((run.batchSize * WASM_WARN_MB) / memory));
  return [
    `a training step of ${run.architecture} at batch ${run.batchSize}, width ${run.width} and ` +
      `${run.inputSize}x${run.inputSize} needs ~${(memory / 1000).toFixed(1)} GB, near or past wasm's ` +
      `${WASM_HEAP_MB / 1024} GB heap (the step aborts there): lower "batchSize" to ${fits} or train on ` +
      'native tfjs-node (`npm run setup:native`)',
  ];
}
