import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelBackendName } from './kernel-runner';

/**
 * The backends' own kernels that ours replace, remembered at registration: our kernels take the cases
 * they are fast at and hand every other case (another rank, axis, dtype or geometry) back to these.
 */
const originals = new Map<string, KernelFunc>();

const keyOf = (name: string, backend: KernelBackendName): string => `${backend}/${name}`;

/** Records the backend's kernel `name` (not one of ours) before ours replaces it. */
export function rememberBackendKernel(
  name: string,
  kernelFunc: KernelFunc,
  backend: KernelBackendName = 'wasm',
): void {
  originals.set(keyOf(name, backend), kernelFunc);
}

/** Runs the backend's own kernel `name` on `args`, as it would have run without ours. */
export function runBackendKernel(
  name: string,
  args: Parameters<KernelFunc>[0],
  backend: KernelBackendName = 'wasm',
): TensorInfo {
  const kernelFunc = originals.get(keyOf(name, backend));
  if (!kernelFunc) throw new Error(`Training kernels - the ${backend} backend's own ${name} was not kept`);
  const out = kernelFunc(args);
  if (Array.isArray(out))
    throw new Error(`Training kernels - ${backend} kernel ${name} returned several outputs`);
  return out;
}
