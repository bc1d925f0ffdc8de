import type { LabelEvaluation } from '../evaluation/label-evaluation';

/** A catalog model as the model registry lists it. */
export interface ModelSummary {
  id: number;
  name: string;
  role: 'detector' | 'landmarks' | 'embedder' | 'classifier';
  origin: 'bundled' | 'trained' | 'imported';
  /** The catalog's people, clusters and search use this model's embeddings. */
  active: boolean;
  /** Faces with a vector under this model. */
  faces: number;
  /** Faces still without one (a switch to this model embeds them first). */
  missing: number;
}

/** One model measured on the catalog's user and folder labels. */
export interface ModelScores extends LabelEvaluation {
  model: number;
}

/** `eval --model ID [--against ID]`: the model's scores and, when asked, the other model's on the same faces. */
export interface ModelEvaluation extends ModelScores {
  against: ModelScores | null;
}

/** The `reembed` job's payload: embed every face with `model`, then make it active when `activate`. */
export interface ReembedInput {
  model: number;
  activate: boolean;
}

/** What a `reembed` job did. */
export interface ReembedSummary {
  model: number;
  /** Faces with a vector under the model afterwards. */
  faces: number;
  /** Embedded by this run. */
  embedded: number;
  /** Faces whose crop could not be read. */
  skipped: number;
  activated: boolean;
  /** The A/B report against the embedder active before, written on activation. */
  report: ModelEvaluation | null;
}

/** What `models.import` may be told when the folder does not say it. */
export interface ModelImportOptions {
  name?: string;
  inputSize?: number;
  normalization?: 'unit' | 'centered' | 'imagenet' | 'dlib' | 'raw';
  embeddingLayer?: string;
  outputNode?: string;
}

/** A trained classifier's guess for a face nobody is assigned to (shown as a suggestion, never written). */
export interface ClassifierSuggestion {
  faceId: number;
  personId: number;
  name: string;
  /** The classifier's probability for this person, 0..1. */
  probability: number;
}
