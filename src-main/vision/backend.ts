import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ORDER, type BackendName } from './backend-names.js';

const require = createRequire(import.meta.url);
let chosen: BackendName | undefined;
let pending: Promise<BackendName> | undefined;

/** Loads a module whose package may be absent (optional dependency); the specifier is kept opaque to tsc. */
async function importOptional(specifier: string): Promise<boolean> {
  try {
    await import(specifier);
    return true;
  } catch {
    return false;
  }
}

/** Directory holding the tfjs wasm binaries, read from disk (never fetched). */
export function wasmDirectory(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
}

async function tryBackend(name: BackendName): Promise<boolean> {
  if (name === 'tensorflow-gpu' || name === 'tensorflow') {
    const pkg = name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
    if (!(await importOptional(pkg))) return false;
    return tf.setBackend('tensorflow');
  }
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${wasmDirectory()}${path.sep}`);
    return tf.setBackend('wasm');
  }
  await import('@tensorflow/tfjs-backend-cpu');
  return tf.setBackend('cpu');
}

function parseOverride(value: string | undefined): BackendName | undefined {
  if (!value) return undefined;
  if ((BACKEND_ORDER as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`Backend - FACEATLAS_BACKEND must be one of ${BACKEND_ORDER.join(', ')}, got "${value}"`);
}

async function pick(preferred: BackendName | undefined): Promise<BackendName> {
  const order = preferred ? BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(preferred)) : BACKEND_ORDER;
  for (const name of order) {
    try {
      if (await tryBackend(name)) {
        await tf.ready();
        tf.enableProdMode();
        chosen = name;
        return name;
      }
    } catch {
      // fall through to the next (slower) backend
    }
  }
  throw new Error('Backend - no TensorFlow.js backend could be initialised');
}

/**
 * Picks and initialises the fastest TensorFlow.js backend that loads (tfjs-node-gpu, tfjs-node, wasm SIMD,
 * cpu) and awaits it, so call it before creating any tensor. Idempotent: later calls return the first result.
 * `preferred` (default: env FACEATLAS_BACKEND) starts the search at that backend, e.g. 'cpu' forces cpu.
 */
export function initBackend(
  preferred: string | undefined = process.env.FACEATLAS_BACKEND,
): Promise<BackendName> {
  pending ??= pick(parseOverride(preferred));
  return pending;
}

/** The backend chosen by {@link initBackend}, or undefined before it resolved. */
export function backendName(): BackendName | undefined {
  return chosen;
}
