import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ORDER, type BackendName } from './backend-names.js';
import { configureNativeEnvironment } from './native-env.js';
import { pinNativeLibraries } from './native-pin.js';

const require = createRequire(import.meta.url);
let chosen: BackendName | undefined;
let pending: Promise<BackendName> | undefined;

/** Directory holding the tfjs wasm binaries, read from disk (never fetched). */
export function wasmDirectory(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
}

/** The first line of why something failed (a missing addon's error runs to a dozen lines). */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

/** Loads and activates one backend; throws with the reason when it cannot. */
async function activate(name: BackendName): Promise<void> {
  let registered: string;
  if (name === 'tensorflow-gpu' || name === 'tensorflow') {
    configureNativeEnvironment();
    // An optional dependency that may be absent; the specifier is kept opaque to tsc.
    const specifier = name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
    await import(specifier);
    pinNativeLibraries();
    registered = 'tensorflow';
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${wasmDirectory()}${path.sep}`);
    registered = 'wasm';
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
    registered = 'cpu';
  }
  if (!(await tf.setBackend(registered))) throw new Error(`tf.setBackend('${registered}') failed`);
  await tf.ready();
  tf.enableProdMode();
  chosen = name;
}

function parseOverride(value: string | undefined): BackendName | undefined {
  if (!value) return undefined;
  if ((BACKEND_ORDER as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`Backend - FACEATLAS_BACKEND must be one of ${BACKEND_ORDER.join(', ')}, got "${value}"`);
}

async function pick(forced: BackendName | undefined): Promise<BackendName> {
  if (forced) {
    // Asked for by name: running on another backend instead would make every figure a lie.
    try {
      await activate(forced);
      return forced;
    } catch (error) {
      throw new Error(`Backend - FACEATLAS_BACKEND=${forced} could not be loaded: ${reason(error)}`);
    }
  }
  const failures: string[] = [];
  for (const name of BACKEND_ORDER) {
    try {
      await activate(name);
      return name;
    } catch (error) {
      failures.push(`${name}: ${reason(error)}`); // and on to the next (slower) backend
    }
  }
  throw new Error(`Backend - no TensorFlow.js backend could be initialised (${failures.join('; ')})`);
}

/**
 * Initialises the fastest TensorFlow.js backend that loads (tfjs-node-gpu, tfjs-node, wasm SIMD, cpu) and
 * awaits it, so call it before creating any tensor. Idempotent: later calls return the first result.
 * `forced` (default: env FACEATLAS_BACKEND) names the one backend to use; if it does not load, the promise
 * rejects with its reason instead of falling back.
 */
export function initBackend(
  forced: string | undefined = process.env.FACEATLAS_BACKEND,
): Promise<BackendName> {
  pending ??= Promise.resolve().then(() => pick(parseOverride(forced)));
  return pending;
}

/** The backend chosen by {@link initBackend}, or undefined before it resolved. */
export function backendName(): BackendName | undefined {
  return chosen;
}
