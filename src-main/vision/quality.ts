import type { AlignedCrop, Box, Point } from './types.js';

/** The parts of the quality score, each 0..1. */
export interface QualityParts {
  size: number;
  sharpness: number;
  pose: number;
  quality: number;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/**
 * Face quality in 0..1, the weighted geometric mean `size^0.3 * sharpness^0.3 * pose^0.4` of:
 * - size = clamp((sqrt(box w * h) - 20) / 80): 20 px faces score 0, 100 px and larger 1;
 * - sharpness = 1 - exp(-var / 150), var = variance of the 4-neighbour Laplacian over the grey central
 *   100x100 of the aligned chip (the face, not the background);
 * - pose = clamp(1 - 2 * |d0 - d16| / (d0 + d16)), d0 and d16 the distances from the nose tip (30) to the
 *   jaw ends (0, 16): 1 for a frontal face, about 0.3 at 45 degrees of yaw, 0 in profile.
 * Each part is floored at 0.01 so one bad part lowers the score without erasing the others' ranking.
 */
export function faceQuality(box: Box, landmarks: readonly Point[], crop: AlignedCrop): QualityParts {
  const size = clamp01((Math.sqrt(Math.max(0, box.width * box.height)) - 20) / 80);
  const sharpness = clamp01(1 - Math.exp(-laplacianVariance(crop) / 150));
  const pose = poseScore(landmarks);
  const floor = (v: number): number => Math.max(0.01, v);
  const quality = floor(size) ** 0.3 * floor(sharpness) ** 0.3 * floor(pose) ** 0.4;
  return { size, sharpness, pose, quality };
}

/** Variance of the Laplacian of the grey central 100x100 window of a chip. */
export function laplacianVariance(crop: AlignedCrop): number {
  const { data, width } = crop;
  const grey = (x: number, y: number): number => {
    const i = (y * width + x) * 3;
    return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  };
  const lo = Math.floor((width - 100) / 2);
  const hi = lo + 100;
  let sum = 0,
    sumSq = 0,
    n = 0;
  for (let y = lo; y < hi; y++) {
    for (let x = lo; x < hi; x++) {
      const lap = grey(x - 1, y) + grey(x + 1, y) + grey(x, y - 1) + grey(x, y + 1) - 4 * grey(x, y);
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

function poseScore(landmarks: readonly Point[]): number {
  const [nx, ny] = landmarks[30]!;
  const d0 = Math.hypot(landmarks[0]![0] - nx, landmarks[0]![1] - ny);
  const d16 = Math.hypot(landmarks[16]![0] - nx, landmarks[16]![1] - ny);
  return d0 + d16 > 0 ? clamp01(1 - (2 * Math.abs(d0 - d16)) / (d0 + d16)) : 0;
}
