/**
 * What the embeddings view exposes on `window.__faceatlasEmbeddings` for end-to-end tests: a canvas has
 * no DOM per point, so a test asks here where a face is drawn and what colour the GPU drew there.
 */
export interface EmbeddingsTestHook {
  pointCount(): number;
  /** A face's point in page coordinates (CSS pixels), or null when it is not on the map. */
  positionOf(faceId: number): [number, number] | null;
  /** Draws every point now and reads the canvas pixel under a face (RGBA, premultiplied). */
  pixelOf(faceId: number): [number, number, number, number] | null;
  /** The WebGL renderer string (e.g. SwiftShader). */
  renderer(): string;
}

declare global {
  interface Window {
    __faceatlasEmbeddings?: EmbeddingsTestHook;
  }
}
