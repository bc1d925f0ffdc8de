import sharp from 'sharp';
import { inferno, viridis } from './colour-maps';

/** An 8-bit RGB image (HWC). */
export interface RgbRaster {
  data: Uint8Array;
  width: number;
  height: number;
}

/** How much of the heat map's colour covers the crop where it is hottest (less where it is cold). */
export const overlayOpacity = 0.45;

/** Grid cells are scaled up (nearest neighbour, crisp cells) to at least this many pixels a side. */
const minimumCell = 64;
/** Pixels between cells. */
const gap = 2;

/** A raster as a PNG data URL. */
export async function pngDataUrl(image: RgbRaster): Promise<string> {
  const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/**
 * Tiles `count` maps of `width` x `height` (values in [0, 1], one after another) into a near-square grid in
 * viridis, each scaled up by a whole factor so that a cell is at least {@link minimumCell} pixels, cells
 * `gap` pixels apart on a white ground.
 */
export function activationGrid(maps: Float32Array, count: number, width: number, height: number): RgbRaster {
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  const rows = Math.max(1, Math.ceil(count / columns));
  const factor = Math.max(1, Math.ceil(minimumCell / Math.max(width, height)));
  const cellWidth = width * factor;
  const cellHeight = height * factor;
  const out: RgbRaster = {
    width: columns * cellWidth + (columns - 1) * gap,
    height: rows * cellHeight + (rows - 1) * gap,
    data: new Uint8Array(0),
  };
  out.data = new Uint8Array(out.width * out.height * 3).fill(255);
  for (let k = 0; k < count; k++) {
    const left = (k % columns) * (cellWidth + gap);
    const top = Math.floor(k / columns) * (cellHeight + gap);
    for (let y = 0; y < cellHeight; y++) {
      for (let x = 0; x < cellWidth; x++) {
        const value = maps[k * width * height + Math.floor(y / factor) * width + Math.floor(x / factor)]!;
        out.data.set(viridis(value), ((top + y) * out.width + left + x) * 3);
      }
    }
  }
  return out;
}

/**
 * A `width` x `height` map resampled bilinearly to `size` x `size`, each map cell centred on the part of
 * the image it covers (edge cells clamp): what the heat map says about each crop pixel.
 */
export function upsampleMap(
  values: ArrayLike<number>,
  width: number,
  height: number,
  size: number,
): Float32Array {
  const out = new Float32Array(size * size);
  const at = (x: number, y: number): number => values[y * width + x]!;
  for (let v = 0; v < size; v++) {
    const sy = Math.min(height - 1, Math.max(0, ((v + 0.5) / size) * height - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(height - 1, y0 + 1);
    const fy = sy - y0;
    for (let u = 0; u < size; u++) {
      const sx = Math.min(width - 1, Math.max(0, ((u + 0.5) / size) * width - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(width - 1, x0 + 1);
      const fx = sx - x0;
      const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
      const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
      out[v * size + u] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** The crop with the heat map (inferno) blended over it, up to {@link overlayOpacity}. */
export function saliencyOverlay(
  crop: Uint8Array,
  size: number,
  values: ArrayLike<number>,
  width: number,
  height: number,
): RgbRaster {
  const heat = upsampleMap(values, width, height, size);
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const colour = inferno(heat[i]!);
    // Cold parts stay readable: inferno's black at full opacity would hide the face.
    const alpha = overlayOpacity * (0.4 + 0.6 * Math.min(1, Math.max(0, heat[i]!)));
    for (let c = 0; c < 3; c++) {
      data[i * 3 + c] = Math.round(crop[i * 3 + c]! * (1 - alpha) + colour[c]! * alpha);
    }
  }
  return { data, width: size, height: size };
}
