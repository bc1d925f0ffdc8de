/**
 * English UI strings, the reference locale: every other locale must have exactly these keys (checked by
 * the type `Messages`). Plural forms are separated by `|` (`{n}` is the count); `@`, `|`, `{` and `}` are
 * special in messages and must be escaped as `{'@'}` and so on when meant literally.
 */
import { clustersEn } from './clusters.en';
import { embeddingsEn } from './embeddings.en';
import { featuresEn } from './features.en';
import { labelsEn } from './labels.en';
import { modelsEn } from './models.en';
import { peopleEn } from './people.en';
import { reviewEn } from './review.en';
import { searchEn } from './search.en';
import { trainingEn } from './training.en';

export const en = {
  app: {
    brand: 'FaceAtlas',
    backend: 'backend: {name}',
    backendTitle: 'TensorFlow.js backend used for face inference',
    language: 'Language',
  },
  nav: {
    label: 'Main navigation',
    library: 'Library',
    faces: 'Faces',
    clusters: 'Clusters',
    review: 'Review',
    people: 'People',
    models: 'Models',
  },
  jobs: {
    title: 'Jobs',
    empty: 'No jobs yet.',
    heading: '{kind} #{id}',
    progress: '{kind} progress',
    superseded: 'finished by a later run',
    beforeStopped: 'before it stopped: {summary}',
    rate: '{rate}/s',
    eta: '{seconds} s left',
    done: 'done',
    faces: '{n} face | {n} faces',
    indexed: 'indexed {n} photo | indexed {n} photos',
    failed: '{n} failed',
    added: 'added {n}',
    skipped: 'skipped {n}',
    failedImport: 'failed {n}',
    indexErrors: '{n} photo could not be indexed | {n} photos could not be indexed',
    cancel: 'Cancel',
    resume: 'Resume',
    run: 'run #{id}',
    testAccuracy: 'test accuracy {percent}%',
    embedded: 'embedded {n}',
    activated: 'now the active embedder',
    projected: '{method} map of {n} faces in {seconds} s',
  },
  kind: {
    import: 'import',
    index: 'index',
    train: 'training',
    reembed: 're-embedding',
    project: 'map',
  },
  /** How a training run ended (a train job's result). */
  runStatus: {
    completed: 'completed',
    stopped: 'stopped',
    failed: 'failed',
  },
  state: {
    queued: 'queued',
    running: 'running',
    done: 'done',
    failed: 'failed',
    cancelled: 'cancelled',
    interrupted: 'interrupted',
    superseded: 'superseded',
  },
  phase: {
    waiting: 'waiting',
    scanning: 'scanning',
    importing: 'importing',
    finishing: 'finishing',
    indexing: 'indexing',
    preparing: 'preparing',
    training: 'training',
    evaluating: 'evaluating',
    saving: 'saving',
    embedding: 'embedding',
    switching: 'switching embedder',
    pca: 'PCA',
    neighbours: 'nearest neighbours',
    layout: 'layout',
    umap: 'UMAP layout',
    tsne: 't-SNE layout',
  },
  progress: {
    label: 'progress',
  },
  library: {
    title: 'Library',
    photoCount: '{n} photo | {n} photos',
    importTitle: 'Import folders (i)',
    import: 'Import…',
    empty: 'No photos yet. Press {key} or choose {action} to add a folder.',
  },
  failed: {
    summary: '{n} file could not be imported | {n} files could not be imported',
    more: 'and {n} more',
  },
  importDialog: {
    title: 'Import photos',
    folders: 'Folders (absolute paths, one per line)',
    placeholder: '/home/me/Pictures',
    browse: 'Browse…',
    labelsFromFolders: "Use each photo's folder name as its person label",
    chooseFolder: 'Choose at least one folder.',
    cancel: 'Cancel',
    submit: 'Import',
  },
  faces: {
    title: 'Faces',
    count: '{n} face | {n} faces',
    listError: 'Could not list faces: {error}',
    empty:
      'No faces yet. Faces are found as photos are imported; to index photos already in the catalog, use {link}.',
    emptyLink: 'Models › Index faces',
    cellTitle: 'quality {quality} · score {score}',
    alt: 'face {id}',
    unlabeled: 'unlabeled',
    listLabel: 'Faces in this photo',
    quality: 'quality {value}',
    score: 'score {value}',
    wholeImage: 'whole image',
    wholeImageTitle: 'No face was detected; the whole image stands for it',
  },
  assignment: {
    confirmed: 'confirmed',
    suggested: 'suggested',
    rejected: 'rejected',
  },
  models: modelsEn,
  role: {
    detector: 'detector',
    landmarks: 'landmarks',
    embedder: 'embedder',
    classifier: 'classifier',
  },
  origin: {
    bundled: 'bundled',
    trained: 'trained',
    imported: 'imported',
  },
  viewer: {
    back: '← Back',
    backTitle: 'Back (Esc)',
    size: '{width} × {height}',
    faceCount: '{n} face | {n} faces',
    landmarks: 'Landmarks',
    landmarksTitle: 'Show landmarks (l)',
    previous: 'Previous photo (←)',
    next: 'Next photo (→)',
    position: '{at} / {total}',
    noFaces: 'No faces found in this photo.',
    draw: 'Draw face',
    drawTitle: 'Draw a box around a face the detector missed (d)',
    drawHint: 'Drag a box around the face. Esc cancels.',
    drawnBox: 'New face {width} × {height}',
    nameOptional: 'Who is it? (optional)',
    addFace: 'Add face',
    cancel: 'Cancel',
    faceAdded: 'Face added',
    faceRemoved: 'Face removed (Ctrl+Z brings it back)',
    dismissTitle: 'Not a face: remove it (Delete)',
  },
  labels: labelsEn,
  clusters: clustersEn,
  review: reviewEn,
  search: searchEn,
  embeddings: embeddingsEn,
  features: featuresEn,
  training: trainingEn,
  people: peopleEn,
};

export type Messages = typeof en;
