import { createRequire } from 'node:module';
import type { BackendName } from './backend-names';

const require = createRequire(import.meta.url);

function installed(specifier: string): boolean {
  try {
    require.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/**
 * The backend inference will use, told without starting TensorFlow.js (what `stats` and the UI show before
 * any face work has run): the first installed of tfjs-node-gpu, tfjs-node, wasm, honouring
 * FACEATLAS_BACKEND. Once a pool runs, its real backend replaces this answer.
 */
export function probeBackend(preferred: string | undefined = process.env.FACEATLAS_BACKEND): BackendName {
  if (preferred === 'cpu' || preferred === 'wasm') return preferred;
  if (preferred !== 'tensorflow' && installed('@tensorflow/tfjs-node-gpu')) return 'tensorflow-gpu';
  if (installed('@tensorflow/tfjs-node')) return 'tensorflow';
  return installed('@tensorflow/tfjs-backend-wasm') ? 'wasm' : 'cpu';
}
