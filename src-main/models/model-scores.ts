import type { LabeledVectorRow } from '../catalog/embedding.repository';
import { evaluateOnLabels, type LabelEvaluation } from '../evaluation/label-evaluation';
import type { ClusterParams } from '../people/clustering';
import { floatsOf } from '../util/float-blob';

/** Seed of the sampled pairs and folds: the same catalog always gives the same report. */
const seed = 7;

/** A model's scores on labeled faces as stored (float32 blobs). */
export function scoreModel(
  rows: readonly LabeledVectorRow[],
  cluster: Partial<ClusterParams>,
): LabelEvaluation {
  return evaluateOnLabels(
    rows.map((row) => ({
      identity: row.personId,
      photoId: row.photoId,
      vector: floatsOf(row.vector),
    })),
    { seed, cluster },
  );
}
