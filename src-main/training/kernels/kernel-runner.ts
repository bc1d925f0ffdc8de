import {
  getKernel,
  type KernelBackend,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The backends our kernels run on: wasm, and native tfjs-node on the CPU (registered as 'tensorflow'). */
export type KernelBackendName = 'wasm' | 'tensorflow';

/**
 * Runs a backend's own registered kernels from inside one of our kernels. A kernelFunc may not call tf ops
 * (they would go through the engine, be recorded on the gradient tape and be owned by the current scope),
 * so our gradient kernels compose the backend's kernelFuncs directly and free every intermediate they
 * made: only the result goes back to the engine, which then owns it.
 */
export class KernelRunner {
  private readonly made: TensorInfo[] = [];

  private readonly backend: KernelBackend;

  /** `backend` as a kernelFunc receives it (typed `{}` by tfjs-core), registered as `backendName`. */
  constructor(
    backend: object,
    private readonly backendName: KernelBackendName = 'wasm',
  ) {
    this.backend = backend as KernelBackend;
  }

  /** Runs the backend's kernel `name`; its output is freed by {@link finish} unless returned. */
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(name, this.backendName);
    if (!kernel) throw new Error(`Training kernels - ${this.backendName} kernel ${name} is not registered`);
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    if (Array.isArray(out)) {
      this.made.push(...out);
      throw new Error(
        `Training kernels - ${this.backendName} kernel ${name} returned several outputs where one was expected`,
      );
    }
    this.made.push(out);
    return out;
  }

  /** A float32 tensor holding `values`, on the wasm heap (wasm only). */
  constant(shape: number[], values: Float32Array): TensorInfo {
    if (this.backendName !== 'wasm') throw new Error('Training kernels - constants are made on wasm only');
    const info = (this.backend as unknown as BackendWasm).makeOutput(shape, 'float32', undefined, values);
    this.made.push(info);
    return info;
  }

  /** `x` with a new shape (same data: the backends' Reshape kernels only add a reference). */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Frees every intermediate but `result` and returns it; call once, last. */
  finish(result: TensorInfo): TensorInfo {
    this.release(result);
    return result;
  }

  /** Frees every intermediate but `keep` (on success, the result; on failure, nothing). */
  release(keep?: TensorInfo): void {
    for (const info of this.made.splice(0)) if (info !== keep) this.backend.disposeData(info.dataId);
  }
}

/**
 * Wraps a kernel body so that the intermediates it made are freed whether it returns or throws: a training
 * step runs thousands of these, and one leaked buffer per step would exhaust the wasm heap within an epoch.
 */
export function withRunner(
  backend: object,
  body: (runner: KernelRunner) => TensorInfo,
  backendName: KernelBackendName = 'wasm',
): TensorInfo {
  const runner = new KernelRunner(backend, backendName);
  try {
    return runner.finish(body(runner));
  } catch (error) {
    runner.release();
    throw error;
  }
}
