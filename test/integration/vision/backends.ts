import { probeBackend } from '../../../src-main/vision/backend-probe.js';
import { VisionWorkerPool } from '../../../src-main/vision/worker-pool.js';

/** Whether `npm run setup:native` has provisioned tfjs-node here (its addon is built). */
export const nativeProvisioned = probeBackend('') === 'tensorflow' || probeBackend('') === 'tensorflow-gpu';

/** Why the native side does not run, said once in the test output where it does not. */
export const notProvisionedNote =
  'not provisioned here (no built addon; `npm run setup:native` provisions tensorflow, tensorflow-gpu needs CUDA and its own install)';

/**
 * A pool whose workers are forced onto `backend` (FACEATLAS_BACKEND is read by each worker from the
 * environment copied at its start, so it is set only while the workers start).
 */
export async function poolOn(backend: string, size = 1): Promise<VisionWorkerPool> {
  const before = process.env.FACEATLAS_BACKEND;
  process.env.FACEATLAS_BACKEND = backend;
  try {
    return await VisionWorkerPool.create({ size });
  } finally {
    if (before === undefined) delete process.env.FACEATLAS_BACKEND;
    else process.env.FACEATLAS_BACKEND = before;
  }
}
