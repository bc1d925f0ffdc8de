import { beforeAll, describe, expect, it } from 'vitest';
import type { VisionWorkerPool } from '../../../src-main/vision/worker-pool.js';
import type { AnalyzedFace, Box, DetectorKind, RgbImage } from '../../../src-main/vision/types.js';
import { nativeProvisioned, notProvisionedNote, poolOn } from './backends.js';
import { decodeRgb, distance, SAMPLES } from './fixtures.js';

// Same photos, same networks, wasm vs libtensorflow: the kernels differ (XNNPACK vs Eigen, summation order,
// 1.15's conv algorithms), so the outputs agree up to float rounding, amplified a little by each network.
// Tolerances, with the largest difference measured on face-api's six demo photos (libtensorflow 1.15.0):
const BOX_PX = 0.05; // measured 1e-4 px (boxes and landmarks in original pixels)
const SCORE = 1e-4; // detector confidence; measured < 5e-6
const LANDMARK_PX = 0.05; // measured < 5e-5 px
// Euclidean distance of unit embeddings; measured 5e-5 for the same boxes and 1.2e-3 through the whole
// pipeline. Same-person pairs are ~0.3-0.5 apart, the decision threshold ~0.44.
const EMBEDDING = 0.005;

interface Side {
  faces: Record<DetectorKind, AnalyzedFace[][]>;
  /** Landmarks and embeddings for the same given boxes (wasm's SSD boxes): no detector difference. */
  given: AnalyzedFace[][];
}

let images: RgbImage[];
let givenBoxes: Box[][];

async function runSide(pool: VisionWorkerPool): Promise<Side> {
  const copy = (image: RgbImage): RgbImage => ({ ...image, data: image.data.slice() });
  const faces = { ssd: [], tiny: [] } as Side['faces'];
  for (const detector of ['ssd', 'tiny'] as const)
    for (const image of images) faces[detector].push(await pool.analyze(copy(image), { detector }));
  givenBoxes ??= faces.ssd.map((found) => found.map((face) => face.box));
  const given: AnalyzedFace[][] = [];
  for (const [i, image] of images.entries()) given.push(await pool.embedBoxes(copy(image), givenBoxes[i]!));
  return { faces, given };
}

async function sideOn(backend: string): Promise<Side> {
  const pool = await poolOn(backend);
  try {
    expect(pool.backend).toBe(backend);
    return await runSide(pool);
  } finally {
    await pool.dispose();
  }
}

const boxDelta = (a: Box, b: Box): number =>
  Math.max(
    Math.abs(a.x - b.x),
    Math.abs(a.y - b.y),
    Math.abs(a.width - b.width),
    Math.abs(a.height - b.height),
  );
const pointsDelta = (a: AnalyzedFace, b: AnalyzedFace): number =>
  Math.max(...a.landmarks.map((p, i) => Math.hypot(p[0] - b.landmarks[i]![0], p[1] - b.landmarks[i]![1])));

describe.skipIf(!nativeProvisioned)('wasm and tensorflow give the same results', () => {
  let wasm: Side;
  let native: Side;
  beforeAll(async () => {
    images = await Promise.all(SAMPLES.map((sample) => decodeRgb(sample.file)));
    wasm = await sideOn('wasm');
    native = await sideOn('tensorflow');
  });

  it.each(['ssd', 'tiny'] as const)('%s: the same faces, boxes and scores', (detector) => {
    const deltas = { box: 0, score: 0 };
    for (const [i, expected] of wasm.faces[detector].entries()) {
      const actual = native.faces[detector][i]!;
      expect(actual.length).toBe(expected.length);
      for (const [j, face] of expected.entries()) {
        deltas.box = Math.max(deltas.box, boxDelta(face.box, actual[j]!.box));
        deltas.score = Math.max(deltas.score, Math.abs(face.score - actual[j]!.score));
      }
    }
    console.log(
      `${detector}: max box difference ${deltas.box.toExponential(1)} px, score ${deltas.score.toExponential(1)}`,
    );
    expect(deltas.box).toBeLessThan(BOX_PX);
    expect(deltas.score).toBeLessThan(SCORE);
  });

  it('landmarks68 and the ResNet embedder: the same points and embeddings for the same boxes', () => {
    const deltas = { landmarks: 0, embedding: 0 };
    for (const [i, expected] of wasm.given.entries()) {
      for (const [j, face] of expected.entries()) {
        const actual = native.given[i]![j]!;
        deltas.landmarks = Math.max(deltas.landmarks, pointsDelta(face, actual));
        deltas.embedding = Math.max(deltas.embedding, distance(face.embedding, actual.embedding));
      }
    }
    console.log(
      `landmarks: max difference ${deltas.landmarks.toExponential(1)} px; embeddings: max distance ${deltas.embedding.toExponential(1)}`,
    );
    expect(deltas.landmarks).toBeLessThan(LANDMARK_PX);
    expect(deltas.embedding).toBeLessThan(EMBEDDING);
  });

  it('the whole pipeline: every face embedded alike', () => {
    let worst = 0;
    for (const [i, expected] of wasm.faces.ssd.entries())
      for (const [j, face] of expected.entries())
        worst = Math.max(worst, distance(face.embedding, native.faces.ssd[i]![j]!.embedding));
    console.log(`pipeline (ssd boxes on each side): max embedding distance ${worst.toExponential(1)}`);
    expect(worst).toBeLessThan(EMBEDDING);
  });
});

describe.runIf(!nativeProvisioned)('wasm and tensorflow give the same results', () => {
  it(`not run: ${notProvisionedNote}`, () => {
    console.log(`backend parity: ${notProvisionedNote}; only wasm is tested here`);
  });
});
