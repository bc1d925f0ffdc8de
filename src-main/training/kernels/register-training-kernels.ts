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
import { keepBackendTile, tileConfig } from './tile';

/**
 * Every wasm kernel a training step needs that tfjs-backend-wasm 4.22 lacks or runs slowly. Found by
 * running a step of a small ResNet (convolutions with and without bias, batch norm, ReLU, add, max and
 * average pooling, global average pooling, dense, softmax cross entropy; SGD, momentum and Adam) and
 * recording each kernel it ran: Conv2DBackpropFilter was the only one missing (the depthwise gradients are
 * missing too, for networks that use them); Conv2DBackpropInput and Tile (batch norm's gradient tiles its
 * scale over the whole activation: a third of a step) were per-element loops. The pooling gradients
 * (MaxPoolGrad, AvgPoolGrad) and every kernel batch norm's and the optimizers' gradients use are there.
 */
export const TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  tileConfig,
];

/**
 * Registers {@link TRAINING_KERNELS} for 'wasm', replacing the backend's own where it has one. Idempotent,
 * and the same before or after the wasm backend starts: our kernels need no setup of their own (they run
 * the backend's registered kernels, or work on its heap).
 */
export function registerTrainingKernels(): void {
  keepBackendTile();
  for (const config of TRAINING_KERNELS) {
    const current = getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  }
}
