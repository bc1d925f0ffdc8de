import { registerNativeTrainingKernels, registerTrainingKernels } from './kernels/register-training-kernels';
import { initBackend } from '../vision/backend';
import type { BackendName } from '../vision/backend-names';
import { probeBackend } from '../vision/backend-probe';

/** The backend a trainer runs on, and why that one, in words for the run's log and the UI. */
export interface TrainingBackend {
  backend: BackendName;
  /** E.g. "wasm with FaceAtlas's gradient kernels (native tfjs-node not provisioned)". */
  reason: string;
}

const WASM = 'wasm with FaceAtlas’s gradient kernels';

/** Why the automatic choice landed on `backend`: what the faster ones lacked. */
function automaticReason(backend: BackendName): string {
  // The probe tells "not installed or not built" apart from "built but failed to load" without loading.
  const provisioned = probeBackend('');
  const nativeState =
    provisioned === 'tensorflow' || provisioned === 'tensorflow-gpu'
      ? `native ${provisioned === 'tensorflow-gpu' ? 'tfjs-node-gpu' : 'tfjs-node'} is provisioned but did not load`
      : 'native tfjs-node not provisioned: `npm run setup:native`';
  switch (backend) {
    case 'tensorflow-gpu':
      return 'tensorflow-gpu (native libtensorflow with CUDA, the fastest)';
    case 'tensorflow':
      return provisioned === 'tensorflow-gpu'
        ? 'tensorflow (native libtensorflow on the CPU; tfjs-node-gpu is provisioned but did not load)'
        : 'tensorflow (native libtensorflow on the CPU; tfjs-node-gpu not provisioned)';
    case 'wasm':
      return `${WASM} (${nativeState})`;
    case 'cpu':
      return `cpu, the slowest (${nativeState}, and wasm did not load)`;
  }
}

/**
 * Initialises the fastest backend that can train, in the order inference uses (native tfjs-node-gpu, then
 * tfjs-node, then wasm, then the plain JS cpu backend) and, on wasm, registers the gradient kernels that
 * tfjs-backend-wasm lacks or runs slowly (without them a convolution cannot train there at all); on native
 * tfjs-node (CPU), the convolution gradients its own kernels compute slower. `forced`
 * (default: env FACEATLAS_BACKEND) names the one backend to use; if it does not load, the promise rejects
 * with its reason instead of falling back. Idempotent, like {@link initBackend} under it.
 */
export async function initTrainingBackend(
  forced: string | undefined = process.env.FACEATLAS_BACKEND,
): Promise<TrainingBackend> {
  const backend = await initBackend(forced);
  if (backend === 'wasm') registerTrainingKernels();
  if (backend === 'tensorflow') registerNativeTrainingKernels();
  const shown = backend === 'wasm' ? WASM : backend;
  const reason = forced ? `${shown} (forced by FACEATLAS_BACKEND)` : automaticReason(backend);
  return { backend, reason };
}
