import { z } from 'zod';

/**
 * How faces are found and compared. Defaults are the configuration chosen on LFW DevTrain (never DevTest):
 * SSD at 0.5 for indexing (every cast face in the bbt group photos and nothing else), Euclidean distance on
 * unit vectors (which ranks pairs exactly as cosine distance does: d² = 2·(1 − cos)), flip fusion off.
 * Flip fusion doubles the embedder's work (+75% per face) for DevTrain 0.9932 vs 0.9909 (15 vs 20 errors in
 * 2,200 pairs, thresholds fitted on DevTrain); our rule is the cheapest configuration not significantly below
 * the best on DevTrain, and a 5-error difference is not significant at 5% (McNemar's exact test: p >= 0.0625
 * however the errors pair up).
 */
export const faceSettingsSchema = z
  .object({
    detector: z.enum(['ssd', 'tiny']).default('ssd'),
    minConfidence: z.number().min(0.05).max(0.99).default(0.5),
    flipFusion: z.boolean().default(false),
    distance: z.enum(['euclidean', 'cosine']).default('euclidean'),
  })
  .strict();

export type FaceSettings = z.output<typeof faceSettingsSchema>;

/** The defaults, for callers without a catalog (eval-lfw, benchmarks). */
export const defaultFaceSettings: Readonly<FaceSettings> = faceSettingsSchema.parse({});

/** A change to some of the settings. */
export const faceSettingsUpdateSchema = z
  .object({
    detector: z.enum(['ssd', 'tiny']),
    minConfidence: z.number().min(0.05).max(0.99),
    flipFusion: z.boolean(),
    distance: z.enum(['euclidean', 'cosine']),
  })
  .partial()
  .strict();

export type FaceSettingsUpdate = z.output<typeof faceSettingsUpdateSchema>;
