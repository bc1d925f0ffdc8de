import { bcubed, clusterFaces, type ClusterParams } from '../people/clustering';
import { crossValidate } from './cross-validation';
import { rankOneIdentification, type Identification } from './identification';
import { labelPairs } from './label-pairs';
import { equalErrorRate, tarAtFar } from './verification-metrics';

/** One face the user (or a folder) labeled, with its embedding under the model being measured. */
export interface LabeledVector {
  identity: number;
  photoId: number;
  vector: Float32Array;
}

/** How well an embedder separates the catalog's own labeled people (fractions in 0..1). */
export interface LabelEvaluation {
  verification: { accuracy: number; eer: number; tarAtFar1e3: number; pairs: number };
  identification: Identification;
  clustering: { bcubedF: number };
}

/**
 * Verification (10-fold cross-validated accuracy, EER, TAR at FAR 1e-3), leave-one-out rank-1
 * identification and the BCubed F of clustering the labeled faces with the catalog's clustering (people
 * with at least two faces averaged). Measures that need both same- and different-person pairs are 0 with
 * `pairs: 0` when the labels do not have them.
 */
export function evaluateOnLabels(
  faces: readonly LabeledVector[],
  options: { seed?: number; cluster?: Partial<ClusterParams> } = {},
): LabelEvaluation {
  const dim = faces[0]?.vector.length ?? 0;
  const vectors = new Float32Array(faces.length * dim);
  faces.forEach((face, i) => {
    const norm = Math.hypot(...face.vector) || 1;
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = face.vector[d]! / norm;
  });
  const identities = Int32Array.from(faces, (face) => face.identity);
  const pairs = labelPairs(vectors, dim, identities, options.seed ?? 1);
  const same = pairs.filter((pair) => pair.same).length;
  const measurable = same > 0 && same < pairs.length && pairs.length >= 2;
  const verification = measurable
    ? {
        accuracy: crossValidate(pairs).accuracy,
        eer: equalErrorRate(pairs),
        tarAtFar1e3: tarAtFar(pairs, 1e-3),
        pairs: pairs.length,
      }
    : { accuracy: 0, eer: 0, tarAtFar1e3: 0, pairs: 0 };
  let bcubedF = 0;
  if (faces.length > 1) {
    const clustering = clusterFaces(
      { vectors, dim, photoIds: faces.map((face) => face.photoId) },
      options.cluster ?? {},
    );
    bcubedF = bcubed(clustering.labels, identities, { minClassSize: 2 }).f;
  }
  return {
    verification,
    identification: rankOneIdentification(vectors, dim, identities),
    clustering: { bcubedF },
  };
}
