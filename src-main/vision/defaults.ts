import type { AnalyzeOptions, DetectorKind } from './types.js';

/**
 * The defaults of face analysis, set here only: the pipeline applies them to options a caller leaves out,
 * and the catalog's face settings (settings/face-settings.ts) start from them. Nothing here loads
 * TensorFlow.js, so the main process may import it.
 */

/** The detector kinds, for option validation by callers. */
export const DETECTOR_KINDS = ['ssd', 'tiny'] as const;

/**
 * Default minimum detector score per detector, tuned on the bbt group photos (SSD 0.3..0.5 and tiny
 * 0.3..0.4 find every cast face and no false positive).
 */
export const DEFAULT_MIN_CONFIDENCE: Readonly<Record<DetectorKind, number>> = { ssd: 0.5, tiny: 0.4 };

/** Defaults of {@link AnalyzeOptions} (chosen on LFW DevTrain and the bbt group photos). */
export const DEFAULT_ANALYZE_OPTIONS: Readonly<Required<Omit<AnalyzeOptions, 'minConfidence'>>> = {
  detector: 'ssd',
  // Off: it doubles the embedder's work for no significant gain on LFW DevTrain (settings/face-settings.ts
  // gives the figures); `faceatlas settings --flip` turns it on for a catalog.
  flipFusion: false,
  wholeImageFallback: false,
  minFaceSize: 0,
  maxFaces: 100,
};
