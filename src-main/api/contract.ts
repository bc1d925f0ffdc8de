/**
 * The one API contract between the renderer and the backend, served over Electron IPC and by the headless
 * host alike. Every input is validated here with zod before a service sees it; outputs are typed.
 * The renderer imports this file for types only.
 */
import { z } from 'zod';
import type { AppEvents } from './events';
import type { FileErrorRow } from '../catalog/file-error.repository';
import type { JobView } from '../jobs/job-types';
import type { FaceView, ModelView } from '../library/face-views';
import type { CatalogStats, PhotoSummary } from '../library/library.service';
import type { ClassifierSuggestion, ModelEvaluation, ModelSummary } from '../models/model-types';
import type { ClusterSummary } from '../people/cluster.service';
import type { HistoryResult, LabelResult } from '../people/label-journal';
import type {
  ClusterCard,
  FaceLabelView,
  LookalikeView,
  PersonFace,
  PersonPage,
  PersonSummary,
  ReviewCandidate,
  ReviewItem,
  ReviewQueue,
  ReviewReason,
} from '../people/people-views';
import type {
  CalibrationView,
  Evidence,
  Explanation,
  FaceSearchResult,
  PersonHit,
  PersonSearchResult,
  QueryFace,
  RatePoint,
  SearchMatch,
  SearchThreshold,
} from '../search/search-views';
import { faceSettingsUpdateSchema, type FaceSettings } from '../settings/face-settings';
import type {
  ConfigFieldError,
  DatasetPreview,
  PersonSplitCounts,
  RunCheckpoint,
  RunLogEntry,
  RunPreview,
} from '../training/dashboard-views';
import type {
  EvaluationReport,
  PersonAccuracy,
  ReportClass,
  ReportPrediction,
  ReportRoc,
} from '../training/report-views';
import type { RunMetric, RunStart, RunView } from '../training/run-views';
import { visualizationInputs, type VisualizationOutputs } from './visualization-contract';

const id = z.number().int().positive();
const empty = z.object({}).strict();
const faceIds = z.array(id).min(1).max(100_000);
const personName = z.string().trim().min(1).max(200);
const box = z
  .object({
    x: z.number().min(0),
    y: z.number().min(0),
    width: z.number().positive(),
    height: z.number().positive(),
  })
  .strict();

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
/** A threshold for a search: a distance in the catalog's metric, or a target false-accept rate. */
const thresholdRequest = {
  threshold: z.number().min(0).max(2).optional(),
  far: z.number().gt(0).lt(1).optional(),
};
/** What every search takes: the threshold, how many results, and filters on the results. */
const searchOptions = {
  ...thresholdRequest,
  top: z.number().int().min(1).max(100_000).optional(),
  person: personName.optional(),
  from: day.optional(),
  to: day.optional(),
  folder: z.string().min(1).max(4096).optional(),
};
/** A photo's bytes in base64: at most 50 MB of photo (4 characters for every 3 bytes). */
const photoBase64 = z
  .string()
  .min(1)
  .max(Math.ceil((50 * 1024 * 1024) / 3) * 4, 'a search takes photos up to 50 MB');

export const commandInputs = {
  'app.info': empty,
  'catalog.stats': empty,
  'photos.list': z
    .object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) })
    .strict(),
  'photos.get': z.object({ id }).strict(),
  'import.start': z
    .object({
      folders: z.array(z.string().min(1).max(4096)).min(1).max(64),
      labelsFromFolders: z.boolean().default(false),
      indexFaces: z.boolean().default(true),
    })
    .strict(),
  'import.errors': z.object({ limit: z.number().int().min(1).max(10_000).default(500) }).strict(),
  'photos.faces': z.object({ id }).strict(),
  'faces.list': z
    .object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000) })
    .strict(),
  'models.list': empty,
  'models.embedders': empty,
  'models.use': z.object({ id }).strict(),
  /** A folder the user chose (read only, copied into the catalog); what it does not say is asked for. */
  'models.import': z
    .object({
      folder: z.string().min(1).max(4096),
      name: z.string().trim().min(1).max(100).optional(),
      inputSize: z.number().int().min(16).max(1024).optional(),
      normalization: z.enum(['unit', 'centered', 'imagenet', 'dlib', 'raw']).optional(),
      embeddingLayer: z.string().min(1).max(200).optional(),
      outputNode: z.string().min(1).max(200).optional(),
    })
    .strict(),
  'models.export': z.object({ id, folder: z.string().min(1).max(4096) }).strict(),
  'models.evaluate': z.object({ id, against: id.optional() }).strict(),
  'models.report': z.object({ id }).strict(),
  'models.suggest': z
    .object({
      id,
      minProbability: z.number().min(0).max(1).default(0.9),
      limit: z.number().int().min(1).max(10_000).default(500),
    })
    .strict(),
  'index.start': z.object({ all: z.boolean().default(false) }).strict(),
  'settings.get': empty,
  'settings.update': faceSettingsUpdateSchema,
  'jobs.list': empty,
  'jobs.cancel': z.object({ id }).strict(),
  'jobs.resume': z.object({ id }).strict(),
  'people.list': empty,
  'people.faces': z
    .object({ person: personName.optional(), confirmedOnly: z.boolean().default(false) })
    .strict(),
  'people.get': z.object({ id }).strict(),
  'people.cover': z.object({ id, face: id.nullable() }).strict(),
  'people.lookalikes': z.object({ limit: z.number().int().min(1).max(500).default(24) }).strict(),
  'people.rename': z.object({ id, name: personName }).strict(),
  'people.hide': z.object({ id, hidden: z.boolean() }).strict(),
  'people.delete': z.object({ id }).strict(),
  'people.merge': z.object({ from: personName, into: personName }).strict(),
  'labels.assign': z.object({ faces: faceIds, name: personName }).strict(),
  'labels.confirm': z.object({ faces: faceIds }).strict(),
  'labels.reject': z.object({ faces: faceIds, name: personName }).strict(),
  'labels.undo': empty,
  'labels.redo': empty,
  'faces.dismiss': z.object({ faces: faceIds, dismissed: z.boolean().default(true) }).strict(),
  'faces.draw': z.object({ photoId: id, box, name: personName.optional() }).strict(),
  'clusters.list': z
    .object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  'clusters.recluster': empty,
  'review.queue': z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
  'clusters.name': z
    .object({
      cluster: z.number().int().min(0),
      name: personName,
      exclude: z.array(id).max(100_000).default([]),
      /** The faces the user was shown: only these are named (a cluster may have grown since). */
      faces: z.array(id).max(100_000).optional(),
    })
    .strict(),
  'search.face': z.object({ face: id, ...searchOptions }).strict(),
  'search.person': z.object({ name: personName, ...searchOptions }).strict(),
  'search.photo': z.object({ bytes: photoBase64, ...searchOptions }).strict(),
  'search.calibration': z.object(thresholdRequest).strict(),
  /** The config's fields are checked by the training service, which names any unknown or invalid one. */
  'runs.start': z.object({ config: z.record(z.string(), z.unknown()) }).strict(),
  'runs.list': empty,
  'runs.get': z.object({ id }).strict(),
  'runs.metrics': z
    .object({
      id,
      afterStep: z.number().int().min(-1).default(-1),
      /** Downsample each series to about this many points (min, max and last of each bucket). */
      maxPoints: z.number().int().min(10).max(100_000).optional(),
    })
    .strict(),
  /** The new-run form's live check: the config's refusals by field, or the full config and its dataset. */
  'runs.preview': z.object({ config: z.record(z.string(), z.unknown()) }).strict(),
  'runs.report': z.object({ id }).strict(),
  'runs.log': z.object({ id }).strict(),
  'runs.checkpoints': z.object({ id }).strict(),
  'runs.stop': z.object({ id }).strict(),
  'runs.resume': z.object({ id }).strict(),
  ...visualizationInputs,
} as const;

export interface AppInfo {
  version: string;
  catalogDir: string;
  /** 'electron' when the desktop shell hosts the renderer, 'host' for the headless host. */
  shell: 'electron' | 'host';
  backend: CatalogStats['backend'];
}

export interface CommandOutputs extends VisualizationOutputs {
  'app.info': AppInfo;
  'catalog.stats': CatalogStats;
  'photos.list': { total: number; items: PhotoSummary[] };
  'photos.get': PhotoSummary;
  'import.start': { jobId: number };
  'import.errors': { total: number; items: FileErrorRow[] };
  'photos.faces': FaceView[];
  'faces.list': { total: number; items: FaceView[] };
  'models.list': ModelView[];
  'models.embedders': ModelSummary[];
  'models.use': { model: number; jobId: number | null };
  'models.import': ModelSummary;
  'models.export': { model: number; folder: string; files: string[] };
  'models.evaluate': ModelEvaluation;
  'models.report': ModelEvaluation | null;
  'models.suggest': ClassifierSuggestion[];
  'index.start': { jobId: number };
  'settings.get': FaceSettings;
  'settings.update': FaceSettings;
  'jobs.list': JobView[];
  'jobs.cancel': { ok: true };
  'jobs.resume': { ok: true };
  'people.list': PersonSummary[];
  'people.faces': FaceLabelView[];
  'people.get': PersonPage;
  'people.cover': { ok: true };
  'people.lookalikes': LookalikeView[];
  'people.rename': LabelResult;
  'people.hide': LabelResult;
  'people.delete': LabelResult;
  'people.merge': LabelResult;
  'labels.assign': LabelResult;
  'labels.confirm': LabelResult;
  'labels.reject': LabelResult;
  'labels.undo': HistoryResult;
  'labels.redo': HistoryResult;
  'faces.dismiss': LabelResult;
  'faces.draw': LabelResult;
  'clusters.list': { total: number; items: ClusterCard[] };
  'clusters.recluster': ClusterSummary;
  'review.queue': ReviewQueue;
  'clusters.name': LabelResult;
  'search.face': FaceSearchResult;
  'search.person': PersonSearchResult;
  'search.photo': FaceSearchResult;
  'search.calibration': CalibrationView;
  'runs.start': RunStart;
  'runs.list': RunView[];
  'runs.get': RunView;
  'runs.metrics': RunMetric[];
  'runs.preview': RunPreview;
  'runs.report': EvaluationReport;
  'runs.log': RunLogEntry[];
  'runs.checkpoints': RunCheckpoint[];
  'runs.stop': { ok: true };
  'runs.resume': RunStart;
}

export type CommandName = keyof typeof commandInputs;
/** What a caller sends (defaults may be omitted). */
export type CommandInput<C extends CommandName> = z.input<(typeof commandInputs)[C]>;
/** What a handler receives (defaults filled in). */
export type CommandArgs<C extends CommandName> = z.output<(typeof commandInputs)[C]>;
export type CommandOutput<C extends CommandName> = CommandOutputs[C];

export type EventName = keyof AppEvents;
export type EventPayload<E extends EventName> = AppEvents[E];
export type {
  AppEvents,
  ClassifierSuggestion,
  ModelEvaluation,
  ModelSummary,
  ConfigFieldError,
  DatasetPreview,
  PersonSplitCounts,
  RunCheckpoint,
  RunLogEntry,
  RunPreview,
  EvaluationReport,
  PersonAccuracy,
  ReportClass,
  ReportPrediction,
  ReportRoc,
  RunMetric,
  RunStart,
  RunView,
  CalibrationView,
  Evidence,
  Explanation,
  FaceSearchResult,
  PersonHit,
  PersonSearchResult,
  QueryFace,
  RatePoint,
  SearchMatch,
  SearchThreshold,
  CatalogStats,
  ClusterCard,
  ClusterSummary,
  LookalikeView,
  PersonFace,
  PersonPage,
  ReviewCandidate,
  ReviewItem,
  ReviewQueue,
  ReviewReason,
  FaceLabelView,
  HistoryResult,
  LabelResult,
  PersonSummary,
  FaceSettings,
  FaceView,
  FileErrorRow,
  JobView,
  ModelView,
  PhotoSummary,
};

/**
 * Media the renderer may show, always by catalog id: `thumb` (photo id, long side 256), `preview` (photo
 * id, long side 1600, for the photo viewer), `face` (face id, the 150x150 aligned crop).
 */
export const mediaKinds = ['thumb', 'preview', 'face'] as const;
export type MediaKind = (typeof mediaKinds)[number];

/** Errors as they cross the boundary. */
export interface ApiErrorBody {
  error: {
    code: 'unknown-command' | 'invalid-input' | 'not-found' | 'invalid' | 'conflict' | 'internal';
    message: string;
  };
}

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandInputs, name);
}

export type {
  ProjectionExport,
  ProjectionMap,
  ProjectionMethod,
  ProjectionResult,
  ProjectSummary,
} from '../projection/projection-views';
export type {
  ActivationGrid,
  FeatureLayer,
  FeatureLayers,
  SaliencyMap,
  SaliencyTarget,
} from '../feature-maps/feature-map-views';
export type { BridgeApi, BridgeResult } from './bridge';
export { ipcChannels, mediaProtocol } from './bridge';
