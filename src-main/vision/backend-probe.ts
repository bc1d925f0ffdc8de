import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BACKEND_ORDER, type BackendName } from './backend-names';

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
 * Whether a tfjs-node package is provisioned: installed and with a built native addon
 * (lib/napi-v<N>/tfjs_binding.node). A package that merely resolves (its install left it without one, as
 * `npm install --ignore-scripts` does) cannot load.
 */
function nativeProvisioned(name: string): boolean {
  try {
    const lib = path.join(path.dirname(require.resolve(`${name}/package.json`)), 'lib');
    return fs
      .readdirSync(lib)
      .some(
        (folder) => /^napi-v\d+$/.test(folder) && fs.existsSync(path.join(lib, folder, 'tfjs_binding.node')),
      );
  } catch {
    return false;
  }
}

/**
 * The backend inference is expected to use, told without starting TensorFlow.js (what `stats` and the UI
 * show before any face work has run, and how the worker pool sizes itself before its workers report): the
 * one FACEATLAS_BACKEND forces, else the first provisioned of tfjs-node-gpu, tfjs-node, wasm. Once a pool
 * runs, its real backend replaces this answer.
 */
export function probeBackend(forced: string | undefined = process.env.FACEATLAS_BACKEND): BackendName {
  if (forced && (BACKEND_ORDER as readonly string[]).includes(forced)) return forced as BackendName;
  if (nativeProvisioned('@tensorflow/tfjs-node-gpu')) return 'tensorflow-gpu';
  if (nativeProvisioned('@tensorflow/tfjs-node')) return 'tensorflow';
  return installed('@tensorflow/tfjs-backend-wasm') ? 'wasm' : 'cpu';
}
