import type { Box } from '../types.js';

type Values = Float32Array | Int32Array | Uint8Array;

/** A decoded SSD box: [ymin, xmin, ymax, xmax] relative to the padded input, and its face score. */
export interface RelativeDetection {
  score: number;
  ymin: number;
  xmin: number;
  ymax: number;
  xmax: number;
}

/**
 * Decodes the anchors whose face score (sigmoid of class logit 1) reaches `minConfidence`, with the TF
 * Object Detection API box coder face-api's graph uses (center/size encodings scaled by 10, 10, 5, 5).
 * Scores are checked first, so only the few candidate boxes are decoded.
 */
export function decodeSsd(
  encodings: Values,
  classes: Values,
  anchors: Float32Array,
  minConfidence: number,
): RelativeDetection[] {
  const count = anchors.length / 4;
  if (encodings.length !== count * 4 || classes.length !== count * 3)
    throw new Error(
      `decodeSsd - ${count} anchors but ${encodings.length / 4} boxes, ${classes.length / 3} scores`,
    );
  // sigmoid(logit) >= p  <=>  logit >= log(p / (1 - p))
  const minLogit =
    minConfidence <= 0
      ? -Infinity
      : minConfidence >= 1
        ? Infinity
        : Math.log(minConfidence / (1 - minConfidence));
  const found: RelativeDetection[] = [];
  for (let i = 0; i < count; i++) {
    const logit = classes[i * 3 + 1]!;
    if (logit < minLogit) continue;
    const a = i * 4;
    const anchorHeight = anchors[a + 2]! - anchors[a]!;
    const anchorWidth = anchors[a + 3]! - anchors[a + 1]!;
    const centerY = anchors[a]! + anchorHeight / 2 + (encodings[a]! / 10) * anchorHeight;
    const centerX = anchors[a + 1]! + anchorWidth / 2 + (encodings[a + 1]! / 10) * anchorWidth;
    const halfHeight = (Math.exp(encodings[a + 2]! / 5) * anchorHeight) / 2;
    const halfWidth = (Math.exp(encodings[a + 3]! / 5) * anchorWidth) / 2;
    found.push({
      score: 1 / (1 + Math.exp(-logit)),
      ymin: centerY - halfHeight,
      xmin: centerX - halfWidth,
      ymax: centerY + halfHeight,
      xmax: centerX + halfWidth,
    });
  }
  return found;
}

/** Where the resized image lies in the padded input, and how to map back to original pixels. */
export interface InputGeometry {
  /** Resized image size, and the padded input size around it (bottom/right padding). */
  width: number;
  height: number;
  paddedWidth: number;
  paddedHeight: number;
  /** Resized size / original size. */
  scale: number;
}

/** Clips a relative detection to the image (not its padding) and converts it to original pixels. */
export function toOriginalPixels(d: RelativeDetection, input: InputGeometry): Box | null {
  const toOriginalX = input.paddedWidth / input.scale;
  const toOriginalY = input.paddedHeight / input.scale;
  const y0 = Math.max(0, d.ymin) * toOriginalY;
  const x0 = Math.max(0, d.xmin) * toOriginalX;
  const y1 = Math.min(input.height / input.paddedHeight, d.ymax) * toOriginalY;
  const x1 = Math.min(input.width / input.paddedWidth, d.xmax) * toOriginalX;
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
