import type { ClusterEntry, ClusterRepository, FaceVectorRow } from '../catalog/cluster.repository';
import type { Db } from '../catalog/db';
import type { Rejection } from '../catalog/label.repository';
import { assignIncremental, clusterFaces, type ClusterParams } from './clustering/index';
import { excludedPeople } from './exclusions';
import { isTruth, packRows as pack, vectorDim } from './face-vectors';
import { suggestPeople, type Suggestion, type SuggestionParams } from './suggestions';

/** What a clustering pass left, as `faceatlas cluster --json` prints it. */
export interface ClusterSummary {
  /** Clusters of unlabeled faces (at least the minimum size), to be named. */
  clusters: number;
  /** Faces labeled automatically (by: auto). */
  assigned: number;
  /** Faces with a suggested person, waiting for a yes or no. */
  suggested: number;
  /** Unlabeled faces with no suggestion and in no cluster. */
  unassigned: number;
}

export interface ClusterSettings {
  cluster: Partial<ClusterParams>;
  suggestions: SuggestionParams;
}

/**
 * Clustering and suggestions, per embedder model: a full re-cluster, and an incremental pass for faces
 * indexed since. Truth is what users and folders said (never an automatic label); suggestions and automatic
 * labels are derived from it and recomputed, never journaled. Constraints: a face never gets a person who
 * rejected it or who has another face in its photo, and two faces of one photo never share a cluster.
 */
export class ClusterService {
  constructor(
    private readonly db: Db,
    private readonly clusters: ClusterRepository,
    private readonly embedder: () => number,
    private readonly settings: () => ClusterSettings,
  ) {}

  /**
   * After indexing: the first time (no clusters yet) a full pass, afterwards only the faces new since.
   * Returns null when there was nothing to do.
   */
  update(): ClusterSummary | null {
    const model = this.embedder();
    if (this.clusters.hasRun(model)) return this.addNew();
    return this.clusters.vectors(model).length > 0 ? this.recluster() : null;
  }

  /**
   * Recomputes every suggestion, automatic label and cluster of the current embedder. Computed from one
   * consistent read, outside any write lock (seconds on a large catalog, which other processes must not
   * wait for), then written in one short transaction.
   */
  recluster(): ClusterSummary {
    const model = this.embedder();
    const { open, suggestions } = this.deriveSuggestions(model);
    const unlabeled = open.filter((_, i) => suggestions[i]?.assignment !== 'confirmed');
    const dim = vectorDim(open);
    const { labels, density } = clusterFaces(
      { vectors: pack(unlabeled, dim), dim, photoIds: unlabeled.map((r) => r.photoId) },
      this.settings().cluster,
    );
    const entries = unlabeled.map((row, i) => entry(row.id, labels[i], density?.[i]));
    this.db
      .transaction(() => {
        this.clusters.clearDerivedLabels();
        this.writeSuggestions(open, suggestions);
        this.clusters.replaceClusters(model, entries);
      })
      .immediate();
    return this.summarize(open, suggestions, clusteredIds(entries), model);
  }

  /**
   * Recomputes every suggestion and automatic label from the labels as they are now, clusters untouched:
   * after the user labels faces, the faces like them get their suggestions without a re-cluster.
   */
  refreshSuggestions(): void {
    const { open, suggestions } = this.deriveSuggestions(this.embedder());
    this.db
      .transaction(() => {
        this.clusters.clearDerivedLabels();
        this.writeSuggestions(open, suggestions);
      })
      .immediate();
  }

  /** One consistent read, and the suggestion of every face without a user's or a folder's label. */
  private deriveSuggestions(model: number): {
    open: FaceVectorRow[];
    suggestions: Array<Suggestion | null>;
  } {
    const { rows, rejections } = this.read(model);
    const open = rows.filter((row) => !isTruth(row));
    return { open, suggestions: this.suggest(rows, open, rejections) };
  }

  /**
   * Places faces indexed since the last pass (no label, not seen by clustering yet): suggestions from the
   * labeled faces, then the nearest cluster when close enough; existing clusters stay as they are (their
   * stored densities spare a kNN graph of the whole catalog).
   */
  addNew(): ClusterSummary {
    const model = this.embedder();
    const { rows, rejections, seen } = this.read(model);
    const fresh = rows.filter((row) => row.personId === null && !seen.has(row.id));
    if (fresh.length === 0) return this.summarize([], [], new Set(), model);
    const suggestions = this.suggest(rows, fresh, rejections);
    const unlabeled = fresh.filter((_, i) => suggestions[i]?.assignment !== 'confirmed');
    const dim = vectorDim(rows);
    const seenRows = rows.filter((row) => seen.has(row.id));
    const existing = seenRows.map((row) => seen.get(row.id) as ClusterEntry);
    const densities = existing.map((e) => e.density);
    const placed = assignIncremental(
      {
        vectors: pack(seenRows, dim),
        labels: Int32Array.from(existing, (e) => e.cluster),
        photoIds: seenRows.map((r) => r.photoId),
        ...(densities.every((d) => d !== null) ? { density: Float32Array.from(densities) } : {}),
      },
      { vectors: pack(unlabeled, dim), photoIds: unlabeled.map((r) => r.photoId) },
      dim,
      this.settings().cluster,
    );
    const entries = [
      ...unlabeled.map((row, i) => entry(row.id, placed.labels[i], placed.density?.[i])),
      // Unclustered faces the new ones formed a cluster with.
      ...existing.flatMap((e, i) =>
        placed.existingLabels[i] === e.cluster ? [] : [{ ...e, cluster: placed.existingLabels[i] as number }],
      ),
    ];
    this.db
      .transaction(() => {
        this.writeSuggestions(fresh, suggestions);
        this.clusters.setClusters(model, entries);
      })
      .immediate();
    return this.summarize(fresh, suggestions, clusteredIds(this.clusters.clusters(model)), model);
  }

  /** One consistent read (a WAL snapshot: it holds no lock a writer waits for). */
  private read(model: number): {
    rows: FaceVectorRow[];
    rejections: Rejection[];
    seen: Map<number, ClusterEntry>;
  } {
    return this.db.transaction(() => ({
      rows: this.clusters.vectors(model),
      rejections: this.clusters.rejections(),
      seen: new Map(this.clusters.clusters(model).map((e) => [e.faceId, e])),
    }))();
  }

  /** Each open face's suggestion (or automatic label), from the labeled faces: computed, not written. */
  private suggest(
    rows: FaceVectorRow[],
    open: FaceVectorRow[],
    rejections: Rejection[],
  ): Array<Suggestion | null> {
    const truth = rows.filter(isTruth);
    const excluded = excludedPeople(truth, rejections);
    const dim = vectorDim(rows);
    return suggestPeople(
      {
        vectors: pack(truth, dim),
        personIds: truth.map((r) => r.personId as number),
        photoIds: truth.map((r) => r.photoId),
      },
      {
        vectors: pack(open, dim),
        photoIds: open.map((r) => r.photoId),
        excluded: open.map(excluded),
      },
      dim,
      this.settings().suggestions,
    );
  }

  /** Writes suggestions and automatic labels (never over a user's or a folder's label). */
  private writeSuggestions(open: FaceVectorRow[], suggestions: Array<Suggestion | null>): void {
    suggestions.forEach((s, i) => {
      if (s)
        this.clusters.setDerivedLabel((open[i] as FaceVectorRow).id, s.personId, s.assignment, s.distance);
    });
  }

  private summarize(
    open: FaceVectorRow[],
    suggestions: Array<Suggestion | null>,
    clustered: Set<number>,
    model: number,
  ): ClusterSummary {
    return {
      clusters: this.clusters.count(model),
      assigned: suggestions.filter((s) => s?.assignment === 'confirmed').length,
      suggested: suggestions.filter((s) => s?.assignment === 'suggested').length,
      unassigned: open.filter((row, i) => !suggestions[i] && !clustered.has(row.id)).length,
    };
  }
}

function entry(faceId: number, cluster: number | undefined, density: number | undefined): ClusterEntry {
  return { faceId, cluster: cluster ?? -1, density: density ?? null };
}

function clusteredIds(entries: ClusterEntry[]): Set<number> {
  return new Set(entries.filter((e) => e.cluster >= 0).map((e) => e.faceId));
}
