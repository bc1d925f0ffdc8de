import type { FaceVectorRow } from '../catalog/cluster.repository';
import type { Rejection } from '../catalog/label.repository';
import { excludedPeople } from './exclusions';
import { isTruth, packRows, vectorDim } from './face-vectors';
import { rankPeople, type SuggestionParams } from './suggestions';

/** Why a face is worth a look. */
export type ReviewReason = 'close-call' | 'edge' | 'low-quality';

export interface ReviewCandidate {
  personId: number;
  name: string;
  distance: number;
}

/** One face to decide on, with up to five people it may be, nearest first. */
export interface ReviewItem {
  faceId: number;
  photoId: number;
  /** The person it is suggested as (or was given automatically) now. */
  personId: number;
  reasons: ReviewReason[];
  candidates: ReviewCandidate[];
}

export interface ReviewQueue {
  /** Faces waiting for a decision, of which `items` are the first. */
  total: number;
  items: ReviewItem[];
}

/** Below these a face is called low quality (0..1, see FaceView.quality and .score). */
const lowQuality = 0.35;
const lowScore = 0.6;
const maxCandidates = 5;

/**
 * The faces whose label a person should check, most worth a look first: suggestions and automatic labels
 * (never a user's or a folder's), ranked against the labeled faces afresh. First the faces with most reasons:
 * a close call (the best two people within the suggestion margin), the edge of a person (farther than an
 * automatic label may be), low quality; among equals, the smaller gap between the best two first.
 */
export function buildReviewQueue(
  rows: ReadonlyArray<FaceVectorRow>,
  rejections: ReadonlyArray<Rejection>,
  nameOf: (personId: number) => string,
  params: SuggestionParams,
  limit: number,
): ReviewQueue {
  const truth = rows.filter(isTruth);
  const open = rows.filter((r) => r.personId !== null && !isTruth(r));
  const dim = vectorDim(rows);
  const known = {
    vectors: packRows(truth, dim),
    personIds: truth.map((r) => r.personId as number),
    photoIds: truth.map((r) => r.photoId),
  };
  const excluded = excludedPeople(truth, rejections);
  const vectors = packRows(open, dim);
  const ranked = open.flatMap((row, i) => {
    const people = rankPeople(known, vectors, i, dim, {
      excluded: excluded(row),
      maxDistance: params.threshold + 2 * params.margin,
      k: params.k,
    }).slice(0, maxCandidates);
    const [best, second] = people;
    if (!best) return [];
    const gap = second ? second.distance - best.distance : Number.POSITIVE_INFINITY;
    const reasons: ReviewReason[] = [];
    if (gap < params.margin) reasons.push('close-call');
    if (best.distance > params.autoThreshold) reasons.push('edge');
    if ((row.quality ?? 1) < lowQuality || row.score < lowScore) reasons.push('low-quality');
    return [{ row, people, reasons, gap }];
  });
  ranked.sort((a, b) => b.reasons.length - a.reasons.length || a.gap - b.gap);
  // Names only for the faces returned: one lookup per candidate shown, not per face ranked.
  const items = ranked.slice(0, limit).map(({ row, people, reasons }): ReviewItem => ({
    faceId: row.id,
    photoId: row.photoId,
    personId: row.personId as number,
    reasons,
    candidates: people.map((p) => ({ ...p, name: nameOf(p.personId) })),
  }));
  return { total: ranked.length, items };
}
