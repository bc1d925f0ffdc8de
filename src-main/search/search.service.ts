import type { PersonRepository } from '../catalog/person.repository';
import type { SearchFaceRow, SearchRepository } from '../catalog/search.repository';
import type { ClusterRepository } from '../catalog/cluster.repository';
import type { TransientFace } from '../faces/face-indexer';
import { excludedPeople } from '../people/exclusions';
import { UserError } from '../util/errors';
import { floatsOf } from '../util/float-blob';
import { displayPath } from '../util/fs-path';
import { calibrate, rateCurve, type Calibration } from './calibration';
import { labelCounts, labelPairDistances, labeledFaces, type LabeledFaces } from './labeled-faces';
import { maxQueryBytes } from './query-photo';
import { explain, fromMetric, toMetric, type Metric } from './explain';
import type {
  CalibrationView,
  FaceSearchResult,
  PersonHit,
  PersonSearchResult,
  QueryFace,
  SearchFilters,
  SearchMatch,
  SearchOptions,
  SearchThreshold,
} from './search-views';
import { chooseThreshold, lfwCalibration, type ThresholdRequest } from './threshold';

/** A face found by the vector index (Euclidean distance between unit vectors). */
export interface Neighbour {
  faceId: number;
  distance: number;
}

/** What searches need of the vector index (src-main/search/index). */
export interface NeighbourIndex {
  within(
    model: number,
    query: Float32Array,
    maxDistance: number,
    options?: { exclude?: ReadonlySet<number> },
  ): Promise<Neighbour[]>;
}

export interface SearchDeps {
  repositories: { clusters: ClusterRepository; people: PersonRepository; search: SearchRepository };
  index: NeighbourIndex;
  /** The faces of a photo, embedded by `model` (the one the search runs under). */
  detect: (bytes: Buffer, model: number, signal?: AbortSignal) => Promise<TransientFace[]>;
  embedder: () => number;
  metric: () => Metric;
}

/** One search's view of the labels: the labeled faces, their calibration and the threshold in force. */
interface Snapshot {
  model: number;
  metric: Metric;
  labeled: LabeledFaces;
  calibration: Calibration;
  threshold: SearchThreshold;
  /** The threshold in Euclidean distance, as the index and the scores measure. */
  maxDistance: number;
}

/**
 * Searches by a face of the catalog, by a person and by a photo from outside it. Every answer names a
 * person only within the threshold (calibrated on the user's and folders' labels, see threshold.ts) and a
 * margin ahead of the second-best person; otherwise the face is unknown. Automatic labels are results,
 * never references.
 */
export class SearchService {
  private cached: { key: string; calibration: Calibration } | null = null;

  constructor(private readonly deps: SearchDeps) {}

  /** The FAR/FRR estimates behind the threshold, for the chart. */
  calibration(request: ThresholdRequest = {}): CalibrationView {
    const snapshot = this.snapshot(request);
    const { labeled, calibration, metric, threshold } = snapshot;
    const basis = threshold.fewLabels ? lfwCalibration : calibration;
    return {
      labeledPeople: labelCounts(labeled).people,
      labeledFaces: labeled.faceIds.length,
      genuinePairs: calibration.genuine.length,
      impostorPairs: calibration.impostor.length,
      threshold,
      curve: rateCurve(basis).map((p) => ({ ...p, threshold: toMetric(p.threshold, metric) })),
    };
  }

  /** Who a catalog face is (leaving the face's own label out) and the faces that look like it. */
  async byFace(faceId: number, options: SearchOptions = {}): Promise<FaceSearchResult> {
    const snapshot = this.snapshot(options);
    const [row] = this.deps.repositories.search.vectorsOf(snapshot.model, [faceId]);
    if (!row) throw new UserError(`no face with id ${faceId} under the current model`, 'not-found');
    const vector = floatsOf(row.vector);
    const truth = this.deps.repositories.search.labeledVectors(snapshot.model).filter((r) => r.id !== faceId);
    const excluded = excludedPeople(truth, this.deps.repositories.clusters.rejections())(row);
    const [details] = this.deps.repositories.search.faces([faceId]);
    const face = await this.queryFace(snapshot, vector, options, { faceId, excluded });
    return { threshold: snapshot.threshold, faces: [{ ...face, box: boxOf(details?.box) }] };
  }

  /** Every face of a photo from outside the catalog, each searched; nothing is saved. */
  async byPhoto(bytes: Buffer, options: SearchOptions = {}, signal?: AbortSignal): Promise<FaceSearchResult> {
    if (bytes.length > maxQueryBytes) {
      throw new UserError(`the photo is ${Math.round(bytes.length / 1e6)} MB, over the 50 MB a search takes`);
    }
    const snapshot = this.snapshot(options);
    const detected = await this.deps.detect(bytes, snapshot.model, signal);
    const faces = await Promise.all(
      detected.map(async (found) => {
        const face = await this.queryFace(snapshot, found.embedding, options, {
          faceId: null,
          excluded: new Set(),
        });
        const { x, y, width, height } = found.box;
        const box: QueryFace['box'] = [x, y, width, height].map((v) => Math.round(v)) as QueryFace['box'];
        return { ...face, box, crop: `data:image/jpeg;base64,${found.cropJpeg.toString('base64')}` };
      }),
    );
    return { threshold: snapshot.threshold, faces };
  }

  /**
   * Every photo of a person: their labeled faces (distance 0) and every other face whose nearest person
   * they are, within the threshold and the margin. Each face goes to its nearest person only, and a person
   * gets at most one face per photo (the nearest).
   */
  async byPerson(name: string, options: SearchOptions = {}): Promise<PersonSearchResult> {
    const personId = this.deps.repositories.people.findByName(name);
    if (personId === undefined) throw new UserError(`no person named "${name}"`, 'not-found');
    const snapshot = this.snapshot(options);
    const { labeled, model, maxDistance } = snapshot;
    const own = labeled.faceIds.flatMap((id, i) => (labeled.personIds[i] === personId ? [i] : []));
    // A face whose mean distance to their k nearest faces is within the threshold is within it of one of them.
    const references = new Set(labeled.faceIds);
    const candidates = new Set<number>();
    for (const i of own) {
      const query = labeled.vectors.subarray(i * labeled.dim, (i + 1) * labeled.dim);
      for (const n of await this.deps.index.within(model, query, maxDistance, { exclude: references })) {
        candidates.add(n.faceId);
      }
    }
    const truth = this.deps.repositories.search.labeledVectors(model);
    const excluded = excludedPeople(truth, this.deps.repositories.clusters.rejections());
    const found = new Map<number, { faceId: number; photoId: number; why: PersonHit['why'] }>();
    for (const row of this.deps.repositories.search.vectorsOf(model, [...candidates])) {
      const vector = floatsOf(row.vector);
      const why = explain(snapshot, vector, excluded(row), this.nameOf);
      if (!why?.named || why.personId !== personId) continue;
      const other = found.get(row.photoId);
      if (!other || (other.why?.distance ?? 0) > why.distance)
        found.set(row.photoId, { faceId: row.id, photoId: row.photoId, why });
    }
    const labeledHits = own.map((i) => ({ faceId: labeled.faceIds[i] as number, why: null }));
    const hits = [...labeledHits, ...found.values()];
    const details = new Map(
      this.deps.repositories.search.faces(hits.map((h) => h.faceId)).map((d) => [d.id, d]),
    );
    const results = hits.flatMap((hit): PersonHit[] => {
      const row = details.get(hit.faceId);
      if (!row || !passes(row, { ...options, person: undefined })) return [];
      const distance = hit.why ? hit.why.distance : 0;
      return [{ ...match(row, distance), labeled: hit.why === null, why: hit.why }];
    });
    results.sort((a, b) => a.distance - b.distance || a.faceId - b.faceId);
    return {
      threshold: snapshot.threshold,
      person: { id: personId, name: this.nameOf(personId) },
      hits: options.top === undefined ? results : results.slice(0, options.top),
    };
  }

  private readonly nameOf = (personId: number): string =>
    this.deps.repositories.people.get(personId)?.name ?? `#${personId}`;

  private async queryFace(
    snapshot: Snapshot,
    vector: Float32Array,
    options: SearchOptions,
    query: { faceId: number | null; excluded: ReadonlySet<number> },
  ): Promise<QueryFace> {
    const { labeled } = snapshot;
    const own = query.faceId === null ? labeled : withoutFace(labeled, query.faceId);
    const why = explain({ ...snapshot, labeled: own }, vector, query.excluded, this.nameOf);
    const exclude = new Set(query.faceId === null ? [] : [query.faceId]);
    const neighbours = await this.deps.index.within(snapshot.model, vector, snapshot.maxDistance, {
      exclude,
    });
    const details = new Map(
      this.deps.repositories.search.faces(neighbours.map((n) => n.faceId)).map((d) => [d.id, d]),
    );
    const matches = neighbours.flatMap((n): SearchMatch[] => {
      const row = details.get(n.faceId);
      return row && passes(row, options) ? [match(row, toMetric(n.distance, snapshot.metric))] : [];
    });
    return {
      faceId: query.faceId,
      box: [0, 0, 0, 0],
      crop: null,
      person: why?.named ? why.person : null,
      distance: why ? why.distance : null,
      why,
      matches: options.top === undefined ? matches : matches.slice(0, options.top),
    };
  }

  private snapshot(request: ThresholdRequest): Snapshot {
    const model = this.deps.embedder();
    const metric = this.deps.metric();
    const labeled = labeledFaces(this.deps.repositories.search.labeledVectors(model));
    const calibration = this.calibrationOf(model, labeled);
    const given = request.threshold === undefined ? {} : { threshold: fromMetric(request.threshold, metric) };
    const chosen = chooseThreshold(
      { ...given, ...(request.far === undefined ? {} : { far: request.far }) },
      calibration,
      labelCounts(labeled),
    );
    return {
      model,
      metric,
      labeled,
      calibration,
      maxDistance: chosen.value,
      threshold: { ...chosen, value: toMetric(chosen.value, metric), metric, margin: chosen.margin },
    };
  }

  /** The pair distances change only with the labels: recomputed when the labeled faces differ. */
  private calibrationOf(model: number, labeled: LabeledFaces): Calibration {
    const key = `${model}:${labeled.faceIds.join(',')}:${labeled.personIds.join(',')}`;
    if (this.cached?.key !== key) this.cached = { key, calibration: calibrate(labelPairDistances(labeled)) };
    return this.cached.calibration;
  }
}

function withoutFace(labeled: LabeledFaces, faceId: number): LabeledFaces {
  const at = labeled.faceIds.indexOf(faceId);
  if (at < 0) return labeled;
  const keep = (_: unknown, i: number): boolean => i !== at;
  const { dim } = labeled;
  const vectors = new Float32Array(labeled.vectors.length - dim);
  vectors.set(labeled.vectors.subarray(0, at * dim));
  vectors.set(labeled.vectors.subarray((at + 1) * dim), at * dim);
  return {
    dim,
    vectors,
    faceIds: labeled.faceIds.filter(keep),
    personIds: labeled.personIds.filter(keep),
    photoIds: labeled.photoIds.filter(keep),
  };
}

function boxOf(json: string | undefined): QueryFace['box'] {
  if (json === undefined) return [0, 0, 0, 0];
  const { x, y, width, height } = JSON.parse(json) as { x: number; y: number; width: number; height: number };
  return [x, y, width, height];
}

function match(row: SearchFaceRow, distance: number): SearchMatch {
  return {
    faceId: row.id,
    photoId: row.photoId,
    photoPath: displayPath(row.photoPath),
    box: boxOf(row.box),
    takenAt: row.takenAt,
    person: row.person,
    distance,
  };
}

/** Whether a result passes the filters (person, capture dates inclusive, folder). */
function passes(row: SearchFaceRow, filters: SearchFilters): boolean {
  if (filters.person !== undefined && row.person !== filters.person) return false;
  const day = row.takenAt?.slice(0, 10);
  if (filters.from !== undefined && (day === undefined || day < filters.from)) return false;
  if (filters.to !== undefined && (day === undefined || day > filters.to)) return false;
  if (filters.folder !== undefined) {
    const folder = filters.folder.endsWith('/') ? filters.folder : `${filters.folder}/`;
    if (!displayPath(row.photoPath).startsWith(folder)) return false;
  }
  return true;
}
