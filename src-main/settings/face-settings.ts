import { z } from 'zod';
import { defaultClusterParams } from '../people/clustering/cluster-faces';
import { DEFAULT_ANALYZE_OPTIONS, DEFAULT_MIN_CONFIDENCE, DETECTOR_KINDS } from '../vision/defaults';

const { detector: defaultDetector, flipFusion: defaultFlipFusion } = DEFAULT_ANALYZE_OPTIONS;
const clusterThreshold = z.number().min(0.1).max(1.4);
const clusterMinSize = z.number().int().min(1).max(1000);

/**
 * How faces are found and compared. Defaults are the configuration chosen on LFW DevTrain (never DevTest),
 * the detector's and the embedder's taken from vision/defaults.ts: SSD at its default threshold for indexing
 * (every cast face in the bbt group photos and nothing else), Euclidean distance on unit vectors (which ranks
 * pairs exactly as cosine distance does: d² = 2·(1 − cos)), flip fusion off (`settings --flip` turns it on).
 * Flip fusion doubles the embedder's work (+75% per face) for DevTrain 0.9932 vs 0.9909 (15 vs 20 errors in
 * 2,200 pairs, thresholds fitted on DevTrain); our rule is the cheapest configuration not significantly below
 * the best on DevTrain, and a 5-error difference is not significant at 5% (McNemar's exact test: p >= 0.0625
 * however the errors pair up).
 */
export const faceSettingsSchema = z
  .object({
    detector: z.enum(DETECTOR_KINDS).default(defaultDetector),
    minConfidence: z.number().min(0.05).max(0.99).default(DEFAULT_MIN_CONFIDENCE[defaultDetector]),
    flipFusion: z.boolean().default(defaultFlipFusion),
    distance: z.enum(['euclidean', 'cosine']).default('euclidean'),
    /** Clustering's distance threshold and minimum cluster size (defaults fitted by the cluster bench). */
    clusterThreshold: clusterThreshold.default(defaultClusterParams.threshold),
    clusterMinSize: clusterMinSize.default(defaultClusterParams.minSize),
  })
  .strict();

export type FaceSettings = z.output<typeof faceSettingsSchema>;

/** The defaults, for callers without a catalog (eval-lfw, benchmarks). */
export const defaultFaceSettings: Readonly<FaceSettings> = faceSettingsSchema.parse({});

/** A change to some of the settings. */
export const faceSettingsUpdateSchema = z
  .object({
    detector: z.enum(DETECTOR_KINDS),
    minConfidence: z.number().min(0.05).max(0.99),
    flipFusion: z.boolean(),
    distance: z.enum(['euclidean', 'cosine']),
    clusterThreshold,
    clusterMinSize,
  })
  .partial()
  .strict();

export type FaceSettingsUpdate = z.output<typeof faceSettingsUpdateSchema>;
