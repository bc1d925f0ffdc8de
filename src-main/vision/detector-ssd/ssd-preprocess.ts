import { boxDownscale } from '../image-ops.js';
import type { RgbImage } from '../types.js';

/** An image prepared for a fixed-size detector: pixels (maybe box-filtered) and the target size. */
export interface DetectorInput {
  /** The pixels to upload (the original, or an integer box-filter reduction of it). */
  pixels: RgbImage;
  /** Target width/height after the bilinear resize (longer side = the detector's input size). */
  width: number;
  height: number;
  /** The padded input fed to the network (bottom/right padding): the square, or less (rectangularInput). */
  paddedWidth: number;
  paddedHeight: number;
  /** Target size / original size. */
  scale: number;
}

/**
 * Plans the resize of an image for a detector with a square input of side `size` (default: `maxSize`):
 * the longer side becomes `size`. Large reductions are first done in JS by an integer box filter
 * (anti-aliasing, and a smaller upload), the rest by bilinear resize on the backend.
 */
export function preprocessForDetector(image: RgbImage, maxSize: number, size = maxSize): DetectorInput {
  const longer = Math.max(image.width, image.height);
  const scale = size / longer;
  const factor = Math.floor(1 / scale);
  const pixels = factor >= 2 ? boxDownscale(image, factor) : image;
  const width = Math.max(1, Math.min(size, Math.round(image.width * scale)));
  const height = Math.max(1, Math.min(size, Math.round(image.height * scale)));
  return { pixels, width, height, scale, paddedWidth: size, paddedHeight: size };
}

/**
 * Pads a plan only up to multiples of 32 instead of to the square: SSD is fully convolutional, so a 16:9
 * photo runs at 512x288, about half the work of 512x512 (anchors are generated for the rectangle).
 */
export function rectangularInput(input: DetectorInput): DetectorInput {
  const roundUp = (value: number): number => Math.ceil(value / 32) * 32;
  return { ...input, paddedWidth: roundUp(input.width), paddedHeight: roundUp(input.height) };
}

/**
 * SSD input side for an image: its longer side rounded up to a multiple of 32, within [minSize, maxSize].
 * Small photos are not upscaled to 512 (4x the work for a 250 px image); faces keep their relative size, so
 * the anchors (generated per size) still fit, and faces under ~25 px are too small to embed well anyway.
 */
export function adaptiveInputSize(
  image: { width: number; height: number },
  maxSize = 512,
  minSize = 256,
): number {
  const rounded = Math.ceil(Math.max(image.width, image.height) / 32) * 32;
  return Math.min(maxSize, Math.max(minSize, rounded));
}
