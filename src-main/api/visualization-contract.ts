/**
 * The visualization part of the API contract (embedding maps, exports, feature maps), kept beside
 * contract.ts, which spreads these inputs into its command map and extends these outputs.
 */
import { z } from 'zod';
import type { ActivationGrid, FeatureLayers, SaliencyMap } from '../feature-maps/feature-map-views';
import {
  projectionMethods,
  type ProjectionExport,
  type ProjectionResult,
} from '../projection/projection-views';

const id = z.number().int().positive();

/** A map's method and parameters; the model defaults to the active embedder. */
const projectionRequest = {
  method: z.enum(projectionMethods),
  dims: z.union([z.literal(2), z.literal(3)]).default(2),
  model: id.optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  perplexity: z.number().min(2).max(100).optional(),
  neighbors: z.number().int().min(2).max(200).optional(),
  minDist: z.number().min(0).max(1).optional(),
};

export const visualizationInputs = {
  /** The map if it is cached, else the job that computes it. */
  'projection.map': z.object(projectionRequest).strict(),
  /** The faces of a run's test split (a filter on the map). */
  'projection.runFaces': z.object({ run: id }).strict(),
  /** A folder the user chose: TensorBoard projector files, or a CSV of embeddings with labels. */
  'projection.export': z
    .object({
      folder: z.string().min(1).max(4096),
      format: z.enum(['projector', 'csv']).default('projector'),
      model: id.optional(),
    })
    .strict(),
  'features.layers': z.object({ model: id.optional() }).strict(),
  'features.activations': z
    .object({
      face: id,
      model: id.optional(),
      layer: z.string().min(1).max(200),
      channels: z.number().int().min(1).max(256).default(64),
    })
    .strict(),
  'features.saliency': z
    .object({
      face: id,
      model: id.optional(),
      /** What the saliency explains: the face's own embedding (default), another face, or a person. */
      reference: z.union([z.object({ face: id }).strict(), z.object({ person: id }).strict()]).optional(),
    })
    .strict(),
} as const;

export interface VisualizationOutputs {
  'projection.map': ProjectionResult;
  'projection.runFaces': { faceIds: number[] };
  'projection.export': ProjectionExport;
  'features.layers': FeatureLayers;
  'features.activations': ActivationGrid;
  'features.saliency': SaliencyMap;
}
