/**
 * LFW View 1 verification accuracy of both pipelines: the threshold is chosen on pairsDevTrain.txt and
 * applied to pairsDevTest.txt (src-main/evaluation).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  embeddingDistance,
  l2Normalise,
  type DistanceKind,
} from '../../src-main/evaluation/embedding-distance';
import {
  embedForVerification,
  evalMinConfidence,
  type ImageEmbedding,
} from '../../src-main/evaluation/lfw-embedder';
import { evaluateVerification, type VerificationResult } from '../../src-main/evaluation/lfw-protocol';
import { parsePairsFile, type ImagePair } from '../../src-main/evaluation/pairs-file';
import { defaultFaceSettings } from '../../src-main/settings/face-settings';
import { VisionWorkerPool } from '../../src-main/vision/worker-pool';
import { faceApiMinConfidence, type FaceApiBaseline } from './faces-faceapi';
import { lfwImages, lfwRoot } from './faces-support';

export interface LfwPairs {
  train: ImagePair[];
  test: ImagePair[];
  /** Every image of both lists, absolute, distinct. */
  images: string[];
  /** How the pairs were chosen, for the output. */
  description: string;
}

/** The first ceil(k/2) same-person and floor(k/2) different-person pairs (both classes are needed). */
function firstPairs(pairs: ImagePair[], k: number | undefined): ImagePair[] {
  if (k === undefined) return pairs;
  const same = pairs.filter((pair) => pair.same).slice(0, Math.ceil(k / 2));
  const different = pairs.filter((pair) => !pair.same).slice(0, Math.floor(k / 2));
  return [...same, ...different];
}

/** Reads both View 1 pairs files (all pairs, or the first `k` of each: half same, half different). */
export async function readLfwPairs(k?: number): Promise<LfwPairs> {
  const read = async (name: string) =>
    firstPairs(parsePairsFile(await fs.readFile(path.join(lfwRoot, name), 'utf8')).pairs, k);
  const [train, test] = [await read('pairsDevTrain.txt'), await read('pairsDevTest.txt')];
  const images = [...new Set([...train, ...test].flatMap((pair) => [pair.a, pair.b]))].map((relative) =>
    path.join(lfwImages, relative),
  );
  const description =
    k === undefined
      ? `all pairs: ${train.length} DevTrain, ${test.length} DevTest`
      : `first ${Math.ceil(k / 2)} same + ${Math.floor(k / 2)} different pairs of each file: ` +
        `${train.length} DevTrain, ${test.length} DevTest (partial: not the View 1 figure)`;
  return { train, test, images, description };
}

export interface AccuracyResult extends VerificationResult {
  /** DevTest images in which no face was detected (the central crop was embedded). */
  failedDetections: number;
  /** Wall time to embed every image of the pairs. */
  seconds: number;
  images: number;
  /** How this side embeds and compares, for the output. */
  method: string;
}

function score(
  pairs: LfwPairs,
  embeddings: Map<string, ImageEmbedding>,
  normalise: boolean,
  distance: DistanceKind,
): Omit<AccuracyResult, 'seconds' | 'method'> {
  const vector = (relative: string): Float32Array => {
    const entry = embeddings.get(path.join(lfwImages, relative));
    if (!entry) throw new Error(`no embedding for ${relative}`);
    return normalise ? l2Normalise(entry.embedding) : entry.embedding;
  };
  const scored = (list: ImagePair[]) =>
    list.map((pair) => ({
      distance: embeddingDistance(vector(pair.a), vector(pair.b), distance),
      same: pair.same,
    }));
  const testImages = new Set(pairs.test.flatMap((pair) => [pair.a, pair.b]));
  const failedDetections = [...testImages].filter(
    (relative) => embeddings.get(path.join(lfwImages, relative))?.detected === false,
  ).length;
  return {
    ...evaluateVerification(scored(pairs.test), scored(pairs.train)),
    failedDetections,
    images: embeddings.size,
  };
}

function progress(label: string): (done: number, total: number) => void {
  return (done, total) => {
    if (done % 100 === 0 || done === total) process.stderr.write(`\r${label}: ${done}/${total} images`);
    if (done === total) process.stderr.write('\n');
  };
}

/** Ours, as `faceatlas eval-lfw` does it: embedForVerification on a vision pool, unit vectors, Euclidean. */
export async function ourAccuracy(pairs: LfwPairs): Promise<AccuracyResult> {
  const pool = await VisionWorkerPool.create({ size: os.availableParallelism() });
  try {
    const start = performance.now();
    const { flipFusion } = defaultFaceSettings;
    const embeddings = await embedForVerification(
      pool,
      pairs.images,
      progress('accuracy, ours'),
      undefined,
      flipFusion,
    );
    const seconds = (performance.now() - start) / 1000;
    return {
      ...score(pairs, embeddings, true, 'euclidean'),
      seconds,
      method: `SSD >= ${evalMinConfidence}, face nearest the centre, dlib alignment, ${flipFusion ? 'flip fusion' : 'no flip fusion'}, Euclidean on unit vectors`,
    };
  } finally {
    await pool.dispose();
  }
}

/** face-api: its descriptor of the face nearest the centre (central crop otherwise), raw Euclidean. */
export async function faceApiAccuracy(faceApi: FaceApiBaseline, pairs: LfwPairs): Promise<AccuracyResult> {
  const start = performance.now();
  const embeddings = await faceApi.embedForVerification(pairs.images, progress('accuracy, face-api'));
  const seconds = (performance.now() - start) / 1000;
  return {
    ...score(pairs, embeddings, false, 'euclidean'),
    seconds,
    method: `SSD >= ${faceApiMinConfidence}, face nearest the centre, face-api's box crop, Euclidean on its descriptors`,
  };
}
