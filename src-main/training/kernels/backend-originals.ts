import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The wasm backend's own kernels that ours replace, remembered at registration: our kernels take the
 * cases they are fast at and hand every other case (another rank, axis or dtype, strings) back to these.
 */
const originals = new Map<string, KernelFunc>();

/** Records the backend's kernel `name` (not one of ours) before ours replaces it. */
export function rememberBackendKernel(name: string, kernelFunc: KernelFunc): void {
  originals.set(name, kernelFunc);
}

/** Runs the backend's own kernel `name` on `args`, as it would have run without ours. */
export function runBackendKernel(name: string, args: Parameters<KernelFunc>[0]): TensorInfo {
  const kernelFunc = originals.get(name);
  if (!kernelFunc) throw new Error(`Training kernels - the wasm backend's own ${name} was not kept`);
  const out = kernelFunc(args);
  if (Array.isArray(out)) throw new Error(`Training kernels - wasm kernel ${name} returned several outputs`);
  return out;
}
