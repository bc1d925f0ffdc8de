import { statSync } from 'node:fs';
import { manifestPath, readManifest, type ModelFileName } from './model-files.js';
import { CHIP_PADDING, CHIP_SIZE } from './align.js';
import { DEFAULT_ANALYZE_OPTIONS } from './defaults.js';

/** A bundled network as the catalog's `models` table records it (origin: bundled). */
export interface BundledModel {
  name: string;
  role: 'detector' | 'landmarks' | 'embedder';
  /** Absolute path of the weights manifest (the .bin files sit next to it). */
  path: string;
  metadata: Record<string, unknown>;
}

interface ModelSpec {
  name: string;
  file: ModelFileName;
  role: BundledModel['role'];
  metadata: Record<string, unknown>;
}

const SPECS: ModelSpec[] = [
  {
    name: 'ssd-mobilenetv1',
    file: 'ssd_mobilenetv1_model',
    role: 'detector',
    metadata: { inputSize: 512, default: true, trainedOn: 'WIDER FACE', source: 'face-api.js' },
  },
  {
    name: 'tiny-face-detector',
    file: 'tiny_face_detector_model',
    role: 'detector',
    metadata: { inputSize: 416, default: false, source: 'face-api.js' },
  },
  {
    name: 'face-landmark-68',
    file: 'face_landmark_68_model',
    role: 'landmarks',
    metadata: { points: 68, layout: 'iBUG 300-W', inputSize: 112, source: 'face-api.js' },
  },
  {
    name: 'dlib-resnet-128',
    file: 'face_recognition_model',
    role: 'embedder',
    metadata: {
      dimensions: 128,
      normalised: true,
      metric: 'euclidean on L2-normalised vectors',
      alignment: {
        method: 'similarity to dlib mean face (landmarks 27-54, 60-64)',
        chipSize: CHIP_SIZE,
        padding: CHIP_PADDING,
      },
      // Shown in the Models view: the embedder can fuse each chip with its mirror; the catalog setting decides.
      flipFusion: `optional, ${DEFAULT_ANALYZE_OPTIONS.flipFusion ? 'on' : 'off'} by default (settings --flip)`,
      source: 'dlib_face_recognition_resnet_model_v1 via face-api.js',
    },
  },
];

/** The four networks shipped in `@vladmandic/face-api/model`, for registration in the catalog. */
export function bundledModels(): BundledModel[] {
  return SPECS.map(({ name, file, role, metadata }) => {
    const path = manifestPath(file);
    const weights = readManifest(file).flatMap((group) => group.paths);
    const bytes = weights.reduce((sum, p) => sum + statSync(new URL(p, `file://${path}`)).size, 0);
    return {
      name,
      role,
      path,
      metadata: { ...metadata, weights, bytes, package: '@vladmandic/face-api@1.7.15' },
    };
  });
}
