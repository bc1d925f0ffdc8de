import {
  Tile,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type TileAttrs,
  type TileInputs,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runBackendKernel } from './backend-originals';
import { tileInto } from './tile-into';

const tile = (args: Parameters<KernelFunc>[0]): TensorInfo => {
  const { x } = args.inputs as TileInputs;
  const { reps } = args.attrs as unknown as TileAttrs;
  // Strings do not live on the wasm heap: the backend's own kernel tiles them.
  if (x!.dtype === 'string') return runBackendKernel(Tile, args);
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
