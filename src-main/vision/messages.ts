import type { BackendName } from './backend-names.js';
import type { AnalyzedFace, AnalyzeOptions, Box, RgbImage } from './types.js';

/** What the vision worker serves (typed both sides through platform/worker-rpc). */
export interface VisionMethods {
  analyze: { request: { image: RgbImage; options: AnalyzeOptions }; response: AnalyzedFace[] };
  'embed-boxes': {
    request: { image: RgbImage; boxes: Box[]; options: Pick<AnalyzeOptions, 'flipFusion'> };
    response: AnalyzedFace[];
  };
}

/** What a vision worker reports once it has loaded its backend and networks and warmed up. */
export interface VisionReady {
  backend: BackendName;
}

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
