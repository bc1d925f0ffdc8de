import type { ClusterEntry, ClusterRepository, FaceVectorRow } from '../catalog/cluster.repository';
import type { Db } from '../catalog/db';
import { assignIncremental, clusterFaces, type ClusterParams } from './clustering/index';
import { suggestPeople, type SuggestionParams } from './suggestions';

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

const dim = 128;

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

  /** Recomputes every suggestion, automatic label and cluster of the current embedder. */
  recluster(): ClusterSummary {
    return this.db.transaction(() => {
      const model = this.embedder();
      this.clusters.clearDerivedLabels();
      const rows = this.clusters.vectors(model);
      const open = rows.filter((row) => !isTruth(row));
      const suggested = this.suggest(rows, open);
      const unlabeled = open.filter((_, i) => suggested[i] !== 'confirmed');
      const { labels, density } = clusterFaces(
        { vectors: pack(unlabeled), dim, photoIds: unlabeled.map((r) => r.photoId) },
        this.settings().cluster,
      );
      const entries = unlabeled.map((row, i) => entry(row.id, labels[i], density?.[i]));
      this.clusters.replaceClusters(model, entries);
      return this.summarize(open, suggested, clusteredIds(entries), model);
    })();
  }

  /**
   * Places faces indexed since the last pass (no label, not seen by clustering yet): suggestions from the
   * labeled faces, then the nearest cluster when close enough; existing clusters stay as they are (their
   * stored densities spare a kNN graph of the whole catalog).
   */
  addNew(): ClusterSummary {
    return this.db.transaction(() => {
      const model = this.embedder();
      const rows = this.clusters.vectors(model);
      const seen = new Map(this.clusters.clusters(model).map((e) => [e.faceId, e]));
      const fresh = rows.filter((row) => row.personId === null && !seen.has(row.id));
      if (fresh.length === 0) return this.summarize([], [], new Set(), model);
      const suggested = this.suggest(rows, fresh);
      const unlabeled = fresh.filter((_, i) => suggested[i] !== 'confirmed');
      const seenRows = rows.filter((row) => seen.has(row.id));
      const existing = seenRows.map((row) => seen.get(row.id) as ClusterEntry);
      const densities = existing.map((e) => e.density);
      const placed = assignIncremental(
        {
          vectors: pack(seenRows),
          labels: Int32Array.from(existing, (e) => e.cluster),
          photoIds: seenRows.map((r) => r.photoId),
          ...(densities.every((d) => d !== null) ? { density: Float32Array.from(densities) } : {}),
        },
        { vectors: pack(unlabeled), photoIds: unlabeled.map((r) => r.photoId) },
        dim,
        this.settings().cluster,
      );
      this.clusters.setClusters(model, [
        ...unlabeled.map((row, i) => entry(row.id, placed.labels[i], placed.density?.[i])),
        // Unclustered faces the new ones formed a cluster with.
        ...existing.flatMap((e, i) =>
          placed.existingLabels[i] === e.cluster
            ? []
            : [{ ...e, cluster: placed.existingLabels[i] as number }],
        ),
      ]);
      return this.summarize(fresh, suggested, clusteredIds(this.clusters.clusters(model)), model);
    })();
  }

  /** Writes suggestions and automatic labels for `open` faces; returns each one's assignment. */
  private suggest(rows: FaceVectorRow[], open: FaceVectorRow[]): Array<'confirmed' | 'suggested' | null> {
    const truth = rows.filter(isTruth);
    const peopleInPhoto = new Map<number, Set<number>>();
    for (const row of truth) {
      const set = peopleInPhoto.get(row.photoId) ?? new Set<number>();
      set.add(row.personId as number);
      peopleInPhoto.set(row.photoId, set);
    }
    const rejectedBy = new Map<number, Set<number>>();
    for (const { faceId, personId } of this.clusters.rejections()) {
      rejectedBy.set(faceId, (rejectedBy.get(faceId) ?? new Set<number>()).add(personId));
    }
    const suggestions = suggestPeople(
      {
        vectors: pack(truth),
        personIds: truth.map((r) => r.personId as number),
        photoIds: truth.map((r) => r.photoId),
      },
      {
        vectors: pack(open),
        photoIds: open.map((r) => r.photoId),
        excluded: open.map(
          (row) => new Set([...(peopleInPhoto.get(row.photoId) ?? []), ...(rejectedBy.get(row.id) ?? [])]),
        ),
      },
      dim,
      this.settings().suggestions,
    );
    return suggestions.map((s, i) => {
      if (!s) return null;
      this.clusters.setDerivedLabel((open[i] as FaceVectorRow).id, s.personId, s.assignment, s.distance);
      return s.assignment;
    });
  }

  private summarize(
    open: FaceVectorRow[],
    suggested: Array<'confirmed' | 'suggested' | null>,
    clustered: Set<number>,
    model: number,
  ): ClusterSummary {
    return {
      clusters: this.clusters.count(model),
      assigned: suggested.filter((s) => s === 'confirmed').length,
      suggested: suggested.filter((s) => s === 'suggested').length,
      unassigned: open.filter((row, i) => suggested[i] === null && !clustered.has(row.id)).length,
    };
  }
}

function entry(faceId: number, cluster: number | undefined, density: number | undefined): ClusterEntry {
  return { faceId, cluster: cluster ?? -1, density: density ?? null };
}

function clusteredIds(entries: ClusterEntry[]): Set<number> {
  return new Set(entries.filter((e) => e.cluster >= 0).map((e) => e.faceId));
}

/** A user's or a folder's label: what suggestions are learned from. */
function isTruth(row: FaceVectorRow): boolean {
  return row.personId !== null && row.assignment === 'confirmed' && row.by !== 'auto';
}

/** The rows' float32 blobs, one after another. */
function pack(rows: FaceVectorRow[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  // Copied out of each blob: a Buffer's offset into its memory need not be a multiple of 4.
  rows.forEach((row, i) => {
    const start = row.vector.byteOffset;
    out.set(new Float32Array(row.vector.buffer.slice(start, start + dim * 4)), i * dim);
  });
  return out;
}
