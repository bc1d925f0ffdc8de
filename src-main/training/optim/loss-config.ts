/**
 * The losses a run may train with; free of TensorFlow.js so the run config can name them in the main
 * process. `softmax` is cross-entropy on a dense layer's logits; `arcface` and `cosface` are softmax
 * cross-entropy on cosines with a margin on the true class (margin-loss.ts), which pull each identity's
 * embeddings together and push identities apart by at least the margin: what verification of people never
 * seen in training measures.
 */
export const lossNames = ['softmax', 'arcface', 'cosface'] as const;

/** One of {@link lossNames}. */
export type LossName = (typeof lossNames)[number];

/** A loss on cosines with a margin. */
export type MarginLossName = Exclude<LossName, 'softmax'>;

/** The margin and scale of a margin loss. */
export interface MarginSettings {
  /** ArcFace: added to the true class's angle (radians); CosFace: subtracted from its cosine. */
  margin: number;
  /** The factor on the cosines before the softmax (the papers' s). */
  scale: number;
}
