/**
 * The TensorFlow.js backends FaceAtlas can run on, fastest first: the order they are tried. Kept apart from
 * backend.ts, which loads TensorFlow.js, so that the main process, the renderer's tests and the API can name
 * backends without loading it.
 */
export const BACKEND_ORDER = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** One of {@link BACKEND_ORDER}. */
export type BackendName = (typeof BACKEND_ORDER)[number];
