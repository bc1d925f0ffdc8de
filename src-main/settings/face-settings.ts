import { z } from 'zod';

/**
 * How faces are found and compared. Defaults are the configuration chosen on LFW DevTrain (never DevTest):
 * SSD at 0.5 for indexing (every cast face in the bbt group photos and nothing else), flip fusion on
 * (DevTrain 0.9932 vs 0.9914 without), Euclidean distance on unit vectors (which ranks pairs exactly as
 * cosine distance does: d² = 2·(1 − cos)).
 */
export const faceSettingsSchema = z
  .object({
    detector: z.enum(['ssd', 'tiny']).default('ssd'),
    minConfidence: z.number().min(0.05).max(0.99).default(0.5),
    flipFusion: z.boolean().default(true),
    distance: z.enum(['euclidean', 'cosine']).default('euclidean'),
  })
  .strict();

export type FaceSettings = z.output<typeof faceSettingsSchema>;

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
