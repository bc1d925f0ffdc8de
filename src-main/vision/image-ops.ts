import type { Box, RgbImage } from './types.js';

/** Thrown for pixel buffers that do not match their declared dimensions. */
export class VisionInputError extends Error {
  constructor(message: string) {
    super(`VisionInput - ${message}`);
    this.name = 'VisionInputError';
  }
}

/** Checks that an image is a well-formed RGB buffer; throws {@link VisionInputError} otherwise. */
export function validateImage(image: RgbImage): void {
  const { data, width, height } = image ?? {};
  if (!(data instanceof Uint8Array))
    throw new VisionInputError('image.data must be a Uint8Array of RGB bytes');
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new VisionInputError(`image dimensions must be positive integers, got ${width}x${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new VisionInputError(
      `expected ${width * height * 3} bytes for a ${width}x${height} RGB image, got ${data.length} (corrupt or not RGB)`,
    );
  }
}

/**
 * Shrinks an image by an integer factor with a box filter (area average), which avoids the aliasing a plain
 * bilinear resize gives at large factors. Factor 1 returns the input unchanged.
 */
export function boxDownscale(image: RgbImage, factor: number): RgbImage {
  if (factor <= 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const out = new Uint8Array(width * height * 3);
  const sums = new Float64Array(width * 3);
  const norm = 1 / (factor * factor);
  const src = image.data;
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let i = (y * factor + dy) * image.width * 3;
      for (let x = 0; x < width; x++) {
        const o = x * 3;
        for (let dx = 0; dx < factor; dx++, i += 3) {
          sums[o]! += src[i]!;
          sums[o + 1]! += src[i + 1]!;
          sums[o + 2]! += src[i + 2]!;
        }
      }
    }
    const row = y * width * 3;
    for (let j = 0; j < width * 3; j++) out[row + j] = Math.round(sums[j]! * norm);
  }
  return { data: out, width, height };
}

/** A 2x3 affine map [a, b, c, d, e, f]: x' = a*u + b*v + c, y' = d*u + e*v + f. */
export type Affine = [number, number, number, number, number, number];

/**
 * Resamples `outWidth x outHeight` pixels from `image`, where `toSource` maps an output pixel centre to source
 * coordinates (pixel centres at integer + 0.5 on both sides). Bilinear, with `samples x samples` supersampling
 * per output pixel (box prefilter) when the map shrinks the source. Pixels outside the image, or outside
 * `clip` when given, are black.
 */
export function warpAffine(
  image: RgbImage,
  toSource: Affine,
  outWidth: number,
  outHeight: number,
  clip?: Box,
): Uint8Array {
  const [a, b, c, d, e, f] = toSource;
  const scale = Math.sqrt(Math.abs(a * e - b * d));
  const samples = Math.min(4, Math.max(1, Math.ceil(scale - 0.25)));
  const out = new Uint8Array(outWidth * outHeight * 3);
  const { data, width, height } = image;
  const x0 = clip ? Math.max(0, clip.x) : 0;
  const y0 = clip ? Math.max(0, clip.y) : 0;
  const x1 = clip ? Math.min(width, clip.x + clip.width) : width;
  const y1 = clip ? Math.min(height, clip.y + clip.height) : height;
  const maxX = width - 1;
  const maxY = height - 1;
  const weight = 1 / (samples * samples);
  // One hot loop, everything inlined: this runs for every output value of every landmark crop and chip.
  for (let v = 0, o = 0; v < outHeight; v++) {
    for (let u = 0; u < outWidth; u++, o += 3) {
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let sv = 0; sv < samples; sv++) {
        const pv = v + (sv + 0.5) / samples;
        for (let su = 0; su < samples; su++) {
          const pu = u + (su + 0.5) / samples;
          const sx = a * pu + b * pv + c;
          const sy = d * pu + e * pv + f;
          if (sx < x0 || sy < y0 || sx >= x1 || sy >= y1) continue;
          // Bilinear between pixel centres (at integer + 0.5), clamped to the image's edge pixels.
          const x = sx < 0.5 ? 0 : sx - 0.5 > maxX ? maxX : sx - 0.5;
          const y = sy < 0.5 ? 0 : sy - 0.5 > maxY ? maxY : sy - 0.5;
          const xa = x | 0;
          const ya = y | 0;
          const fx = x - xa;
          const fy = y - ya;
          const i00 = (ya * width + xa) * 3;
          const i01 = xa < maxX ? i00 + 3 : i00;
          const i10 = ya < maxY ? i00 + width * 3 : i00;
          const i11 = xa < maxX ? i10 + 3 : i10;
          let top = data[i00]! + (data[i01]! - data[i00]!) * fx;
          let bottom = data[i10]! + (data[i11]! - data[i10]!) * fx;
          red += top + (bottom - top) * fy;
          top = data[i00 + 1]! + (data[i01 + 1]! - data[i00 + 1]!) * fx;
          bottom = data[i10 + 1]! + (data[i11 + 1]! - data[i10 + 1]!) * fx;
          green += top + (bottom - top) * fy;
          top = data[i00 + 2]! + (data[i01 + 2]! - data[i00 + 2]!) * fx;
          bottom = data[i10 + 2]! + (data[i11 + 2]! - data[i10 + 2]!) * fx;
          blue += top + (bottom - top) * fy;
        }
      }
      // Non-negative values: adding 0.5 and truncating is Math.round.
      out[o] = red * weight + 0.5;
      out[o + 1] = green * weight + 0.5;
      out[o + 2] = blue * weight + 0.5;
    }
  }
  return out;
}

/** Mirrors an RGB image left-right. */
export function flipHorizontal(image: RgbImage): RgbImage {
  const { width, height } = image;
  const out = new Uint8Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const o = (y * width + (width - 1 - x)) * 3;
      out[o] = image.data[s]!;
      out[o + 1] = image.data[s + 1]!;
      out[o + 2] = image.data[s + 2]!;
    }
  }
  return { data: out, width, height };
}
