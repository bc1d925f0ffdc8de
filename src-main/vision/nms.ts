import type { Box } from './types.js';

/** A scored box, in the pixel space of the image the detector saw. */
export interface Detection {
  box: Box;
  score: number;
}

/** Intersection over union of two boxes. */
export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy non-maximum suppression: keeps the best box, drops those overlapping it above `iouThreshold`. */
export function nonMaxSuppression(
  detections: Detection[],
  iouThreshold: number,
  maxResults: number,
): Detection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const candidate of sorted) {
    if (kept.length >= maxResults) break;
    if (kept.every((k) => iou(k.box, candidate.box) <= iouThreshold)) kept.push(candidate);
  }
  return kept;
}

/** Scales a box by `factor` (e.g. from a downscaled copy back to original pixels). */
export function scaleBox(box: Box, factor: number): Box {
  return { x: box.x * factor, y: box.y * factor, width: box.width * factor, height: box.height * factor };
}
