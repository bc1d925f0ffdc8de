import { seededRandom } from '../../util/seeded-random';
import { deriveSeed, seedStreams } from './derived-seed';

/** `true`: every augmentation; an object: only those it sets to true (a missing one is off). */
export type AugmentConfig = boolean | { flip?: boolean; crop?: boolean; color?: boolean };

export interface Augmentations {
  /** Mirror left-right half the time (faces are near symmetric; aligned crops keep the eyes level). */
  flip: boolean;
  /** Zoom in up to `maxZoom` and shift the window within the slack that leaves. */
  crop: boolean;
  /** Brightness and contrast jitter. */
  color: boolean;
}

/** Kept small: the crops are aligned, so a large zoom or shift would undo the alignment the model relies on. */
export const augmentLimits = { maxZoom: 0.12, brightness: 0.1, contrast: 0.2 } as const;

/** One image's random choices: drawn in full every time, so turning one augmentation off leaves the others. */
interface AugmentDraw {
  flip: boolean;
  zoom: number;
  shiftX: number;
  shiftY: number;
  brightness: number;
  contrast: number;
}

export function resolveAugment(config: AugmentConfig): Augmentations {
  if (typeof config === 'boolean') return { flip: config, crop: config, color: config };
  return { flip: config.flip === true, crop: config.crop === true, color: config.color === true };
}

/**
 * The augmentation of the image at `position` in epoch `epoch`'s order, or undefined when none is on. Its
 * randomness derives from (seed, epoch, position) alone, so a resumed run replays the same augmented
 * batches, and pure TypeScript arithmetic gives the same pixels whichever tfjs backend trains.
 */
export function augmenterFor(
  which: Augmentations,
  size: number,
  seed: number,
  epoch: number,
  position: number,
): ((image: Float32Array) => void) | undefined {
  if (!which.flip && !which.crop && !which.color) return undefined;
  return (image) =>
    augmentImage(image, size, which, seededRandom(deriveSeed(seed, seedStreams.augment, epoch, position)));
}

/** Augments a square HWC RGB image of unit values (0..1) in place. */
export function augmentImage(
  image: Float32Array,
  size: number,
  which: Augmentations,
  random: () => number,
): void {
  if (image.length !== size * size * 3) {
    throw new RangeError(`augment: ${image.length} values are not a ${size}x${size} RGB image`);
  }
  const draw = drawAugment(random);
  const flip = which.flip && draw.flip;
  if (which.crop) resampleWindow(image, size, draw, flip);
  else if (flip) mirror(image, size);
  if (which.color) jitterColor(image, draw.brightness, draw.contrast);
}

function drawAugment(random: () => number): AugmentDraw {
  const { maxZoom, brightness, contrast } = augmentLimits;
  return {
    flip: random() < 0.5,
    zoom: 1 + random() * maxZoom,
    shiftX: random(),
    shiftY: random(),
    brightness: (random() * 2 - 1) * brightness,
    contrast: 1 + (random() * 2 - 1) * contrast,
  };
}

/** Mirrors each row in place. */
function mirror(image: Float32Array, size: number): void {
  for (let y = 0; y < size; y++) {
    const row = y * size * 3;
    for (let left = 0, right = size - 1; left < right; left++, right--) {
      for (let c = 0; c < 3; c++) {
        const a = row + left * 3 + c;
        const b = row + right * 3 + c;
        const value = image[a] as number;
        image[a] = image[b] as number;
        image[b] = value;
      }
    }
  }
}

/**
 * Scales a window of side size/zoom, placed by the shift draws inside the image, back up to the full size
 * (bilinear, pixel centres aligned), mirrored in the same pass when `flip`.
 */
function resampleWindow(image: Float32Array, size: number, draw: AugmentDraw, flip: boolean): void {
  const source = image.slice();
  const window = size / draw.zoom;
  const x0 = draw.shiftX * (size - window);
  const y0 = draw.shiftY * (size - window);
  const step = window / size;
  const last = size - 1;
  for (let oy = 0; oy < size; oy++) {
    const sy = Math.min(Math.max(y0 + (oy + 0.5) * step - 0.5, 0), last);
    const top = Math.floor(sy);
    const bottom = Math.min(top + 1, last);
    const fy = sy - top;
    for (let ox = 0; ox < size; ox++) {
      const sx = Math.min(Math.max(x0 + ((flip ? last - ox : ox) + 0.5) * step - 0.5, 0), last);
      const left = Math.floor(sx);
      const right = Math.min(left + 1, last);
      const fx = sx - left;
      const out = (oy * size + ox) * 3;
      for (let c = 0; c < 3; c++) {
        const tl = source[(top * size + left) * 3 + c] as number;
        const tr = source[(top * size + right) * 3 + c] as number;
        const bl = source[(bottom * size + left) * 3 + c] as number;
        const br = source[(bottom * size + right) * 3 + c] as number;
        const upper = tl + (tr - tl) * fx;
        const lower = bl + (br - bl) * fx;
        image[out + c] = upper + (lower - upper) * fy;
      }
    }
  }
}

/** Contrast about the image's own mean (its average tone stays put), then brightness, clamped to 0..1. */
function jitterColor(image: Float32Array, brightness: number, contrast: number): void {
  let sum = 0;
  for (let i = 0; i < image.length; i++) sum += image[i] as number;
  const mean = sum / image.length;
  for (let i = 0; i < image.length; i++) {
    const value = ((image[i] as number) - mean) * contrast + mean + brightness;
    image[i] = value < 0 ? 0 : value > 1 ? 1 : value;
  }
}
