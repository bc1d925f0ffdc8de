import {
  getKernel,
  Tile,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type TileAttrs,
  type TileInputs,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tileInto } from './tile-into';

/** The backend's own Tile, kept for strings (which do not live on the wasm heap). */
let backendTile: KernelFunc | undefined;

const tile = (args: Parameters<KernelFunc>[0]): TensorInfo => {
  const { x } = args.inputs as TileInputs;
  const { reps } = args.attrs as unknown as TileAttrs;
  if (x!.dtype === 'string') {
    if (!backendTile) throw new Error('Training kernels - Tile of strings needs the backend’s own kernel');
    return backendTile(args) as TensorInfo;
  }
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput(
    x!.shape.map((size, axis) => size * reps[axis]!),
    x!.dtype,
  );
  // Views taken after the allocation: growing the wasm memory detaches earlier views of the heap.
  tileInto(backend.typedArrayFromHeap(x!), x!.shape, reps, backend.typedArrayFromHeap(out));
  return out;
};

/** Tile for 'wasm' by block copies on the heap, replacing the backend's per-element loop. */
export const tileConfig: KernelConfig = {
  kernelName: Tile,
  backendName: 'wasm',
  kernelFunc: tile,
};

/** Remembers the backend's Tile before {@link tileConfig} replaces it (strings still go to it). */
export function keepBackendTile(): void {
  const current = getKernel(Tile, 'wasm');
  if (current && current.kernelFunc !== tileConfig.kernelFunc) backendTile = current.kernelFunc;
}
