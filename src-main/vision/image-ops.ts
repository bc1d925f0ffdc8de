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
  const acc: [number, number, number] = [0, 0, 0];
  const weight = 1 / (samples * samples);
  for (let v = 0; v < outHeight; v++) {
    for (let u = 0; u < outWidth; u++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let sv = 0; sv < samples; sv++) {
        const pv = v + (sv + 0.5) / samples;
        for (let su = 0; su < samples; su++) {
          const pu = u + (su + 0.5) / samples;
          const sx = a * pu + b * pv + c;
          const sy = d * pu + e * pv + f;
          if (sx < x0 || sy < y0 || sx >= x1 || sy >= y1) continue;
          bilinearAdd(data, width, height, sx - 0.5, sy - 0.5, acc);
        }
      }
      const o = (v * outWidth + u) * 3;
      out[o] = Math.round(acc[0] * weight);
      out[o + 1] = Math.round(acc[1] * weight);
      out[o + 2] = Math.round(acc[2] * weight);
    }
  }
  return out;
}

function bilinearAdd(
  data: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  acc: number[],
): void {
  const xc = Math.min(Math.max(x, 0), width - 1);
  const yc = Math.min(Math.max(y, 0), height - 1);
  const xa = Math.floor(xc);
  const ya = Math.floor(yc);
  const xb = Math.min(xa + 1, width - 1);
  const yb = Math.min(ya + 1, height - 1);
  const fx = xc - xa;
  const fy = yc - ya;
  const i00 = (ya * width + xa) * 3;
  const i01 = (ya * width + xb) * 3;
  const i10 = (yb * width + xa) * 3;
  const i11 = (yb * width + xb) * 3;
  for (let ch = 0; ch < 3; ch++) {
    const top = data[i00 + ch]! + (data[i01 + ch]! - data[i00 + ch]!) * fx;
    const bottom = data[i10 + ch]! + (data[i11 + ch]! - data[i10 + ch]!) * fx;
    acc[ch]! += top + (bottom - top) * fy;
  }
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
