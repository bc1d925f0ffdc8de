import { warpAffine, type Affine } from '../vision/image-ops';
import { applyAffine, chipToImage, invertAffine } from '../vision/align';
import type { Point, RgbImage } from '../vision/types';
import type { FaceBox } from '../catalog/face.repository';

/** A square crop around a face with context, and where the face's box lies in it. */
export interface ContextCrop {
  data: Uint8Array;
  size: number;
  faceBox: FaceBox;
}

/**
 * Re-aligns a face from its photo into a `size` square whose middle `inputSize` square is exactly the
 * aligned chip the model sees (dlib's template at `inputSize`): the same face, at the scale the network
 * was trained on, with (size - inputSize) / 2 pixels of context on every side. `landmarks` and `box` are in
 * `image` pixels. The box comes back in crop pixels (the bounds of its four corners, clipped to the crop).
 */
export function cutContextCrop(
  image: RgbImage,
  landmarks: readonly Point[],
  box: FaceBox,
  inputSize: number,
  size: number,
): ContextCrop {
  const [a, b, c, d, e, f] = chipToImage(landmarks, inputSize);
  const margin = (size - inputSize) / 2;
  // Crop pixel (u, v) is chip pixel (u - margin, v - margin).
  const toImage: Affine = [a, b, c - (a + b) * margin, d, e, f - (d + e) * margin];
  const data = warpAffine(image, toImage, size, size);
  const toCrop = invertAffine(toImage);
  const corners: Point[] = [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x, box.y + box.height],
    [box.x + box.width, box.y + box.height],
  ].map((corner) => applyAffine(toCrop, corner as Point));
  const xs = corners.map(([x]) => Math.min(size, Math.max(0, x)));
  const ys = corners.map(([, y]) => Math.min(size, Math.max(0, y)));
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { data, size, faceBox: { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y } };
}
