import {
  getKernel,
  type KernelBackend,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Runs the wasm backend's own registered kernels from inside one of our kernels. A kernelFunc may not call
 * tf ops (they would go through the engine, be recorded on the gradient tape and be owned by the current
 * scope), so our gradient kernels compose the backend's kernelFuncs directly and free every intermediate
 * they made: only the result goes back to the engine, which then owns it.
 */
export class WasmKernelRunner {
  private readonly made: TensorInfo[] = [];

  private readonly backend: KernelBackend;

  /** `backend` as a kernelFunc receives it (typed `{}` by tfjs-core): the wasm backend. */
  constructor(backend: object) {
    this.backend = backend as KernelBackend;
  }

  /** Runs the kernel `name` registered for 'wasm'; its output is freed by {@link finish} unless returned. */
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(name, 'wasm');
    if (!kernel) throw new Error(`Training kernels - wasm kernel ${name} is not registered`);
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    if (Array.isArray(out)) {
      this.made.push(...out);
      throw new Error(
        `Training kernels - wasm kernel ${name} returned several outputs where one was expected`,
      );
    }
    this.made.push(out);
    return out;
  }

  /** A float32 tensor holding `values`, on the wasm heap. */
  constant(shape: number[], values: Float32Array): TensorInfo {
    const info = (this.backend as unknown as BackendWasm).makeOutput(shape, 'float32', undefined, values);
    this.made.push(info);
    return info;
  }

  /** `x` with a new shape (same data: the wasm Reshape kernel only adds a reference). */
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
export function withRunner(backend: object, body: (runner: WasmKernelRunner) => TensorInfo): TensorInfo {
  const runner = new WasmKernelRunner(backend);
  try {
    return runner.finish(body(runner));
  } catch (error) {
    runner.release();
    throw error;
  }
}
