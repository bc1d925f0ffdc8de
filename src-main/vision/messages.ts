import type { BackendName } from './backend-names.js';
import type { AnalyzedFace, AnalyzeOptions, Box, RgbImage } from './types.js';

/** Main thread -> vision worker. */
export type VisionRequest =
  | { type: 'analyze'; id: number; image: RgbImage; options: AnalyzeOptions }
  | {
      type: 'embed-boxes';
      id: number;
      image: RgbImage;
      boxes: Box[];
      options: Pick<AnalyzeOptions, 'flipFusion'>;
    };

/** Vision worker -> main thread. */
export type VisionResponse =
  | { type: 'ready'; backend: BackendName }
  | { type: 'init-error'; message: string }
  | { type: 'result'; id: number; faces: AnalyzedFace[] }
  | { type: 'error'; id: number; name: string; message: string };

/** The buffers of a result that can be transferred instead of copied. */
export function resultTransferList(faces: AnalyzedFace[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const face of faces) {
    for (const view of [face.embedding, face.alignedCrop.data]) {
      if (view.buffer instanceof ArrayBuffer) buffers.add(view.buffer);
    }
  }
  return [...buffers];
}
