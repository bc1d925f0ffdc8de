import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
// tfjs-core 4 registers no gradient functions itself; tfjs-layers' entry point registers all of them, and
// kernels for gradients are of no use without the gradients.
import '@tensorflow/tfjs-layers';
// The wasm backend registers its own kernels when its module loads; loading it first means ours replace
// them, never the other way round (a later registration of the same name would win).
import '@tensorflow/tfjs-backend-wasm';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input';
import { rememberBackendKernel } from './backend-originals';
import { batchNormAffineConfig } from './batch-norm-affine';
import { meanConfig, sumConfig } from './channel-reductions';
import { castConfig, identityConfig } from './shared-buffers';
import type { KernelBackendName } from './kernel-runner';
import { NATIVE_CONV_GRADIENTS } from './native-conv-gradients';
import { NATIVE_FUSED_KERNELS } from './native-fused-ops';
import { tileConfig } from './tile';

/**
 * Every wasm kernel a training step needs that tfjs-backend-wasm 4.22 lacks or runs slowly. Found by
 * running a step of a small ResNet (convolutions with and without bias, batch norm, ReLU, add, max and
 * average pooling, global average pooling, dense, softmax cross entropy; SGD, momentum and Adam) and
 * recording each kernel it ran: Conv2DBackpropFilter was the only one missing (the depthwise gradients are
 * missing too, for networks that use them); Conv2DBackpropInput and Tile (batch norm's gradient tiles its
 * scale over the whole activation: a third of a step) were per-element loops. The pooling gradients
 * (MaxPoolGrad, AvgPoolGrad) and every kernel batch norm's and the optimizers' gradients use are there.
 * A per-kernel profile of a ResNet-18 step then found two more costs: Sum and Mean over all but the
 * channels transpose the whole activation first (17% of a step), and Identity and Cast copy every tensor
 * a gradient saves (5%); ours handle those cases and leave the rest to the backend's own kernels.
 */
export const TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  tileConfig,
  sumConfig,
  meanConfig,
  identityConfig,
  castConfig,
  batchNormAffineConfig,
];

/**
 * Registers {@link TRAINING_KERNELS} for 'wasm', replacing the backend's own where it has one. Idempotent,
 * and the same before or after the wasm backend starts: our kernels need no setup of their own (they run
 * the backend's registered kernels, or work on its heap), and the backend's kernels they hand cases back
 * to keep theirs.
 */
export function registerTrainingKernels(): void {
  replaceKernels(TRAINING_KERNELS, 'wasm');
}

/**
 * Native tfjs-node (CPU): the convolution gradients its own kernels compute slower, and batch norm and the
 * ReLU gradient as one libtensorflow op each.
 */
export const NATIVE_TRAINING_KERNELS: readonly KernelConfig[] = [
  ...NATIVE_CONV_GRADIENTS,
  ...NATIVE_FUSED_KERNELS,
];

/**
 * Registers {@link NATIVE_TRAINING_KERNELS} for native tfjs-node on the CPU (call once tfjs-node has
 * registered its kernels, which it does when it loads). Idempotent. Not for tfjs-node-gpu, which registers
 * under the same name: cuDNN's backward kernels are not the ones these beat.
 */
export function registerNativeTrainingKernels(): void {
  replaceKernels(NATIVE_TRAINING_KERNELS, 'tensorflow');
}

function replaceKernels(configs: readonly KernelConfig[], backend: KernelBackendName): void {
  for (const config of configs) {
    const current = getKernel(config.kernelName, backend);
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) {
      rememberBackendKernel(config.kernelName, current.kernelFunc, backend);
      unregisterKernel(config.kernelName, backend);
    }
    // The backend's kernel binds its wasm function in its setupFunc, which runs when the backend starts:
    // ours carries it, so that the kept kernel works when ours is registered first.
    registerKernel({ ...config, setupFunc: current?.setupFunc ?? config.setupFunc });
  }
}
