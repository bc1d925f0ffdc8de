import { embeddingDistance, l2Normalise } from '../../evaluation/embedding-distance';
import type { ScoredPair } from '../../evaluation/scored-pair';
import { equalErrorRate, rocAuc, tarAtFar } from '../../evaluation/verification-metrics';
import { seededRandom } from '../../util/seeded-random';

/** A held-out face's embedding and who it is. */
export interface LabeledEmbedding {
  identity: number;
  vector: Float32Array;
}

/** Verification on held-out identities, as the LFW evaluation reports it. */
export interface VerificationReport {
  auc: number;
  eer: number;
  tarAtFar1e2: number;
  tarAtFar1e3: number;
  samePairs: number;
  differentPairs: number;
}

/** Different-person pairs per same-person pair, sampled: all of them would be quadratic in faces. */
const differentPerSame = 4;

/**
 * Every same-person pair of the held-out faces and a seeded sample of different-person pairs (cosine
 * distance of the L2-normalised embeddings), for the existing ROC/EER/TAR@FAR code. Null when there are
 * not both kinds of pair (fewer than two identities, or no identity with two faces).
 */
export function verificationPairs(faces: readonly LabeledEmbedding[], seed: number): ScoredPair[] | null {
  const vectors = faces.map((face) => l2Normalise(face.vector));
  const pairs: ScoredPair[] = [];
  for (let i = 0; i < faces.length; i++) {
    for (let j = i + 1; j < faces.length; j++) {
      if (faces[i]!.identity !== faces[j]!.identity) continue;
      pairs.push({ distance: embeddingDistance(vectors[i]!, vectors[j]!, 'cosine'), same: true });
    }
  }
  const random = seededRandom(seed);
  const wanted = Math.max(pairs.length * differentPerSame, 100);
  let different = 0;
  // Bounded tries: with one identity there is no different pair to find.
  for (let tries = 0; different < wanted && tries < wanted * 20; tries++) {
    const i = Math.floor(random() * faces.length);
    const j = Math.floor(random() * faces.length);
    if (faces[i]!.identity === faces[j]!.identity) continue;
    pairs.push({ distance: embeddingDistance(vectors[i]!, vectors[j]!, 'cosine'), same: false });
    different++;
  }
  const same = pairs.length - different;
  return same > 0 && different > 0 ? pairs : null;
}

/** ROC AUC, EER and TAR at FAR 1e-2 and 1e-3 of held-out faces, or null when they cannot be measured. */
export function verificationReport(
  faces: readonly LabeledEmbedding[],
  seed: number,
): VerificationReport | null {
  const pairs = verificationPairs(faces, seed);
  if (!pairs) return null;
  const samePairs = pairs.filter((pair) => pair.same).length;
  return {
    auc: rocAuc(pairs),
    eer: equalErrorRate(pairs),
    tarAtFar1e2: tarAtFar(pairs, 1e-2),
    tarAtFar1e3: tarAtFar(pairs, 1e-3),
    samePairs,
    differentPairs: pairs.length - samePairs,
  };
}
