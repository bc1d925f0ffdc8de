import { warpAffine, type Affine } from './image-ops.js';
import type { AlignedCrop, Point, RgbImage } from './types.js';

/** Side of the aligned chip the embedder was trained on (dlib `get_face_chip_details(shape, 150, 0.25)`). */
export const CHIP_SIZE = 150;
/** Padding around the mean face, as a fraction of its size (dlib's recognition example uses 0.25). */
export const CHIP_PADDING = 0.25;

/** dlib's mean face shape for landmarks 17..67 (dlib/image_transforms/interpolation.h), unit square. */
const MEAN_FACE_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004,
  0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122,
  0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
  0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532,
  0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const MEAN_FACE_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454,
  0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423,
  0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077,
  0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192,
  0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803,
  0.824182,
];

/** Landmark indices dlib fits: 27..67 without the lower lip (55..59, 65..67); jaw and brows are ignored. */
export const ALIGNMENT_INDICES: readonly number[] = Array.from({ length: 51 }, (_, k) => k + 17).filter(
  (i) => !(i >= 55 && i <= 59) && !(i >= 65 && i <= 67) && !(i >= 17 && i <= 26),
);

/** Where each of {@link ALIGNMENT_INDICES} lands in a `size` chip with `padding` (dlib's formula). */
export function templatePoints(size = CHIP_SIZE, padding = CHIP_PADDING): Point[] {
  return ALIGNMENT_INDICES.map((i) => [
    ((padding + MEAN_FACE_X[i - 17]!) / (2 * padding + 1)) * size,
    ((padding + MEAN_FACE_Y[i - 17]!) / (2 * padding + 1)) * size,
  ]);
}

/**
 * Least-squares similarity transform (rotation, uniform scale, translation; Umeyama 1991 without
 * reflection) mapping `from[i]` onto `to[i]`. Returns the 2x3 affine [p, -q, tx, q, p, ty].
 */
export function fitSimilarity(from: readonly Point[], to: readonly Point[]): Affine {
  if (from.length !== to.length || from.length < 2) {
    throw new Error(`fitSimilarity - need >= 2 matching points, got ${from.length} and ${to.length}`);
  }
  const n = from.length;
  let msx = 0,
    msy = 0,
    mdx = 0,
    mdy = 0;
  for (let i = 0; i < n; i++) {
    msx += from[i]![0];
    msy += from[i]![1];
    mdx += to[i]![0];
    mdy += to[i]![1];
  }
  msx /= n;
  msy /= n;
  mdx /= n;
  mdy /= n;
  let dot = 0,
    cross = 0,
    variance = 0;
  for (let i = 0; i < n; i++) {
    const sx = from[i]![0] - msx,
      sy = from[i]![1] - msy;
    const dx = to[i]![0] - mdx,
      dy = to[i]![1] - mdy;
    dot += sx * dx + sy * dy;
    cross += sx * dy - sy * dx;
    variance += sx * sx + sy * sy;
  }
  if (variance === 0) throw new Error('fitSimilarity - source points are all identical');
  const p = dot / variance;
  const q = cross / variance;
  return [p, -q, mdx - (p * msx - q * msy), q, p, mdy - (q * msx + p * msy)];
}

/** Applies a 2x3 affine to a point. */
export function applyAffine(t: Affine, [x, y]: Point): Point {
  return [t[0] * x + t[1] * y + t[2], t[3] * x + t[4] * y + t[5]];
}

/** Inverts a 2x3 affine. */
export function invertAffine(t: Affine): Affine {
  const [a, b, c, d, e, f] = t;
  const det = a * e - b * d;
  if (det === 0) throw new Error('invertAffine - singular transform');
  return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det];
}

/** The chip -> image similarity for 68 landmarks (dlib `get_face_chip_details`). */
export function chipToImage(landmarks: readonly Point[], size = CHIP_SIZE, padding = CHIP_PADDING): Affine {
  if (landmarks.length !== 68)
    throw new Error(`chipToImage - expected 68 landmarks, got ${landmarks.length}`);
  return fitSimilarity(
    templatePoints(size, padding),
    ALIGNMENT_INDICES.map((i) => landmarks[i]!),
  );
}

/**
 * Cuts the aligned 150x150 RGB chip for a face: similarity transform from its landmarks to dlib's template,
 * bilinear sampling with supersampling when the face is larger than the chip; outside the image is black.
 */
export function alignFace(image: RgbImage, landmarks: readonly Point[]): AlignedCrop {
  const data = warpAffine(image, chipToImage(landmarks), CHIP_SIZE, CHIP_SIZE);
  return { data, width: CHIP_SIZE, height: CHIP_SIZE };
}
