import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Training kernels that tfjs-core has no name for, run on native tfjs-node (CPU) as one libtensorflow op
 * each. A ResNet step composes batch norm and the ReLU gradient from tfjs ops: per batch-norm layer a
 * dozen full-size kernels forward and back, each a pass over memory, and a third of a step goes to them.
 * libtensorflow has them fused. Measured on one thread, batch 32, forward plus backward of one batch norm:
 * 56x56x16 25.6 -> 13.2 ms, 28x28x16 5.4 -> 2.8, 14x14x32 3.3 -> 1.3, 7x7x64 1.6 -> 0.7; on two threads
 * the gap widens (28x28x16: 8.7 -> 2.3 ms), because many small kernels scale worse than one large one.
 * A whole ResNet-18 x0.25 step at 112x112 (batch 32) runs 1,153 kernels instead of 1,734, 13-14% faster.
 *
 * The layers look each kernel up (`getKernel(name, backend)`) and fall back to their tfjs composition on
 * every backend that lacks it. CPU only: on a GPU, libtensorflow's batch norm keeps the inverse variance
 * where these kernels pass the variance, so they are never registered for tfjs-node-gpu.
 */

/**
 * Batch norm over a training batch, normalised by its own statistics. Inputs x (NHWC), scale, offset;
 * attrs {@link BatchNormTrainingAttrs}. Outputs y, then the batch's mean and biased variance per channel.
 */
export const BatchNormTraining = 'FaceAtlasBatchNormTraining';

export interface BatchNormTrainingAttrs {
  epsilon: number;
}

/**
 * The gradient of {@link BatchNormTraining}. Inputs dy, x, scale and the batch's mean and variance (as the
 * forward kernel returned them); attrs epsilon. Outputs dx, dscale, doffset.
 */
export const BatchNormTrainingGrad = 'FaceAtlasBatchNormTrainingGrad';

/** dy where y > 0, else 0, for y = relu(x). Inputs dy, y. */
export const ReluGrad = 'FaceAtlasReluGrad';

/** What these kernels use of tfjs-node's backend (not a dependency of this package, so typed here). */
interface NativeBackend {
  binding: {
    TF_ATTR_TYPE: number;
    TF_ATTR_FLOAT: number;
    TF_ATTR_STRING: number;
    TF_ATTR_BOOL: number;
    TF_FLOAT: number;
  };
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
  disposeData(dataId: object): void;
  executeSingleOutput(name: string, attrs: OpAttr[], inputs: TensorInfo[]): TensorInfo;
  executeMultipleOutputs(name: string, attrs: OpAttr[], inputs: TensorInfo[], count: number): TensorInfo[];
}

interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

const nativeOf = (backend: object): NativeBackend => backend as NativeBackend;

const floatType = ({ binding }: NativeBackend): OpAttr => ({
  name: 'T',
  type: binding.TF_ATTR_TYPE,
  value: binding.TF_FLOAT,
});

/** Attributes of libtensorflow's FusedBatchNormV3 and FusedBatchNormGradV3 in training mode, float32. */
function batchNormAttrs(native: NativeBackend, epsilon: number): OpAttr[] {
  const { binding } = native;
  return [
    floatType(native),
    { ...floatType(native), name: 'U' },
    { name: 'epsilon', type: binding.TF_ATTR_FLOAT, value: epsilon },
    { name: 'data_format', type: binding.TF_ATTR_STRING, value: 'NHWC' },
    { name: 'is_training', type: binding.TF_ATTR_BOOL, value: true },
  ];
}

/**
 * Frees outputs a kernel does not return. tfjs-node makes every op output an engine tensor, so they are
 * disposed as tensors (freeing only the backend's data would leave the engine counting them).
 */
function disposeOutputs(outputs: TensorInfo[]): void {
  for (const output of outputs) (output as unknown as { dispose(): void }).dispose();
}

const batchNormTraining: KernelFunc = ({ inputs, attrs, backend }) => {
  const native = nativeOf(backend);
  const { x, scale, offset } = inputs as Record<'x' | 'scale' | 'offset', TensorInfo>;
  const { epsilon } = attrs as unknown as BatchNormTrainingAttrs;
  // Training mode takes empty estimates of the mean and variance.
  const empty: TensorInfo = {
    dataId: native.write(new Float32Array(0), [0], 'float32'),
    shape: [0],
    dtype: 'float32',
  };
  try {
    // Outputs: y; the batch mean and Bessel-corrected variance (for moving averages, but tf.layers averages
    // the biased one); the saved mean and biased variance that the gradient reads; a reserve the CPU op
    // leaves empty.
    const [y, batchMean, corrected, mean, variance, reserve] = native.executeMultipleOutputs(
      'FusedBatchNormV3',
      batchNormAttrs(native, epsilon),
      [x, scale, offset, empty, empty],
      6,
    ) as [TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo];
    disposeOutputs([batchMean, corrected, reserve]);
    return [y, mean, variance];
  } finally {
    native.disposeData(empty.dataId);
  }
};

const batchNormTrainingGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const native = nativeOf(backend);
  const { dy, x, scale, mean, variance } = inputs as Record<
    'dy' | 'x' | 'scale' | 'mean' | 'variance',
    TensorInfo
  >;
  const { epsilon } = attrs as unknown as BatchNormTrainingAttrs;
  // The third reserve (unused on the CPU) must still be given: any tensor does.
  const [dx, dscale, doffset, ...reserves] = native.executeMultipleOutputs(
    'FusedBatchNormGradV3',
    batchNormAttrs(native, epsilon),
    [dy, x, scale, mean, variance, mean],
    5,
  ) as [TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  disposeOutputs(reserves);
  return [dx, dscale, doffset];
};

const reluGrad: KernelFunc = ({ inputs, backend }) => {
  const native = nativeOf(backend);
  const { dy, y } = inputs as Record<'dy' | 'y', TensorInfo>;
  // ReluGrad reads its second input as the features x; y = relu(x) is positive exactly where x is.
  return native.executeSingleOutput('ReluGrad', [floatType(native)], [dy, y]);
};

/** The fused training kernels for native tfjs-node on the CPU (see the file comment). */
export const NATIVE_FUSED_KERNELS: readonly KernelConfig[] = [
  { kernelName: BatchNormTraining, backendName: 'tensorflow', kernelFunc: batchNormTraining },
  { kernelName: BatchNormTrainingGrad, backendName: 'tensorflow', kernelFunc: batchNormTrainingGrad },
  { kernelName: ReluGrad, backendName: 'tensorflow', kernelFunc: reluGrad },
];
