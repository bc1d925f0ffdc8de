/**
 * What searches answer, as the API, the CLI and the renderer see it (re-exported by api/contract.ts).
 * Distances and thresholds are in the catalog's metric: Euclidean between unit vectors, or cosine distance
 * (1 - cos = d²/2) when the catalog's `distance` setting says so.
 */
import type { RatePoint } from './calibration';

export type { RatePoint } from './calibration';

/** Where the threshold in force came from. */
export type ThresholdSource = 'given' | 'far' | 'catalog' | 'lfw-default';

/** The threshold in force for a search, and what it costs in errors as far as the labels can tell. */
export interface SearchThreshold {
  value: number;
  metric: 'euclidean' | 'cosine';
  source: ThresholdSource;
  /** The estimated false-accept and false-reject rates at this threshold. */
  far: number;
  frr: number;
  /** How much nearer (Euclidean) than the second-best person the best one must be to be named. */
  margin: number;
  /** True when the catalog has too few labeled people to calibrate on, so LFW's estimate stands. */
  fewLabels: boolean;
}

/** A labeled face (user or folder label) that a decision rests on. */
export interface Evidence {
  faceId: number;
  photoId: number;
  distance: number;
}

/**
 * Why a face is (or is not) a person: the nearest person, their labeled faces nearest to it with their
 * distances (the mean of which is `distance`), and how far the second-best person is.
 */
export interface Explanation {
  personId: number;
  person: string;
  distance: number;
  secondDistance: number | null;
  /** Within the threshold and the margin: the face is named as this person. */
  named: boolean;
  nearest: Evidence[];
}

/** A face of the catalog that matched a query face. */
export interface SearchMatch {
  faceId: number;
  photoId: number;
  photoPath: string;
  box: [number, number, number, number];
  takenAt: string | null;
  /** The face's current person (labeled, suggested or automatic), if any. */
  person: string | null;
  distance: number;
}

/** A face searched for: its box in its photo, who it is (null: unknown) and why, and its matches. */
export interface QueryFace {
  /** The catalog face searched for; null for a face of a photo from outside the catalog. */
  faceId: number | null;
  box: [number, number, number, number];
  /** The face's aligned crop as a JPEG data URL (photos from outside the catalog only). */
  crop: string | null;
  person: string | null;
  distance: number | null;
  why: Explanation | null;
  matches: SearchMatch[];
}

/** The answer to a search by a face or by a photo. */
export interface FaceSearchResult {
  threshold: SearchThreshold;
  faces: QueryFace[];
}

/** A face found by a person search: one of their labeled faces (distance 0) or a face nearest to them. */
export interface PersonHit extends SearchMatch {
  labeled: boolean;
  why: Explanation | null;
}

export interface PersonSearchResult {
  threshold: SearchThreshold;
  person: { id: number; name: string };
  hits: PersonHit[];
}

/** What the labels say about distances: the genuine and impostor pairs behind the FAR/FRR estimates. */
export interface CalibrationView {
  labeledPeople: number;
  labeledFaces: number;
  genuinePairs: number;
  impostorPairs: number;
  threshold: SearchThreshold;
  /** FAR and FRR over thresholds, in the catalog's metric. */
  curve: RatePoint[];
}

/** Narrows the results (never the labeled faces they are compared with). */
export interface SearchFilters {
  person?: string;
  /** Inclusive dates (YYYY-MM-DD) on the photo's capture date; photos without one are left out. */
  from?: string;
  to?: string;
  /** Only photos under this folder. */
  folder?: string;
}

/** How a search chooses its threshold, and how many results it keeps. */
export interface SearchOptions extends SearchFilters {
  /** A distance in the catalog's metric... */
  threshold?: number;
  /** ...or a target false-accept rate. */
  far?: number;
  /** At most this many results (matches per face, or hits of a person); all within the threshold without. */
  top?: number;
}
