import { describe, expect, it } from 'vitest';
import {
  augmenterFor,
  augmentLimits,
  resolveAugment,
  type Augmentations,
} from '../../../src-main/training/dataset/augment';

const size = 16;

/** A test image: red rises left to right, green top to bottom, blue is a fixed pattern. */
function gradient(): Float32Array {
  const image = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      image[i] = x / (size - 1);
      image[i + 1] = y / (size - 1);
      image[i + 2] = ((x * 7 + y * 3) % 11) / 10;
    }
  }
  return image;
}

function mirrored(image: Float32Array): Float32Array {
  const out = new Float32Array(image.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) out[(y * size + x) * 3 + c] = image[(y * size + (size - 1 - x)) * 3 + c]!;
    }
  }
  return out;
}

function augmented(which: Augmentations, seed: number, epoch: number, position: number): Float32Array {
  const image = gradient();
  augmenterFor(which, size, seed, epoch, position)?.(image);
  return image;
}

const all = resolveAugment(true);
const flipOnly = resolveAugment({ flip: true });

describe('augmentation', () => {
  it('gives the same image for the same seed, epoch and position, and another for another position', () => {
    expect(augmented(all, 7, 2, 5)).toEqual(augmented(all, 7, 2, 5));
    expect(augmented(all, 7, 2, 5)).not.toEqual(augmented(all, 7, 2, 6));
    expect(augmented(all, 7, 2, 5)).not.toEqual(augmented(all, 7, 3, 5));
    expect(augmented(all, 7, 2, 5)).not.toEqual(augmented(all, 8, 2, 5));
  });

  it('flips: each image is either untouched or exactly mirrored, and both happen', () => {
    const original = gradient();
    const mirror = mirrored(original);
    let flips = 0;
    for (let position = 0; position < 40; position++) {
      const image = augmented(flipOnly, 1, 0, position);
      const isMirror = image.every((v, i) => v === mirror[i]);
      expect(isMirror || image.every((v, i) => v === original[i])).toBe(true);
      if (isMirror) flips++;
    }
    expect(flips).toBeGreaterThan(5);
    expect(flips).toBeLessThan(35);
  });

  it('zooms in without turning the picture: rows still rise left to right unless flipped', () => {
    const cropFlip = resolveAugment({ crop: true, flip: true });
    for (let position = 0; position < 20; position++) {
      const flipped = augmented(flipOnly, 3, 1, position)[0] === 1;
      const image = augmented(cropFlip, 3, 1, position);
      const red = Array.from({ length: size }, (_, x) => image[(4 * size + x) * 3]!);
      const steps = red.slice(1).map((v, x) => v - red[x]!);
      expect(steps.every((d) => (flipped ? d <= 1e-6 : d >= -1e-6))).toBe(true);
      // A zoom of at most 12% spans at least 1/1.12 of the original range.
      expect(Math.abs(red[size - 1]! - red[0]!)).toBeGreaterThanOrEqual(
        1 / (1 + augmentLimits.maxZoom) - 0.1,
      );
      expect(Math.abs(red[size - 1]! - red[0]!)).toBeLessThan(1);
    }
  });

  it('jitters brightness and contrast within bounds and keeps values in 0..1', () => {
    const color = resolveAugment({ color: true });
    const mean = (image: Float32Array) => image.reduce((s, v) => s + v, 0) / image.length;
    const before = mean(gradient());
    const means = Array.from({ length: 20 }, (_, position) => {
      const image = augmented(color, 9, 0, position);
      expect(image.every((v) => v >= 0 && v <= 1)).toBe(true);
      return mean(image);
    });
    expect(Math.max(...means.map((m) => Math.abs(m - before)))).toBeLessThanOrEqual(
      augmentLimits.brightness + 0.02,
    );
    expect(new Set(means).size).toBeGreaterThan(10);
  });

  it('turning color on leaves the flip and the crop as they were', () => {
    const geometry = resolveAugment({ flip: true, crop: true });
    for (let position = 0; position < 10; position++) {
      const plain = augmented(geometry, 4, 0, position);
      const withColor = gradient();
      augmenterFor(all, size, 4, 0, position)?.(withColor);
      const flippedPlain = plain[0]! > plain[(size - 1) * 3]!;
      const flippedColor = withColor[0]! > withColor[(size - 1) * 3]!;
      expect(flippedColor).toBe(flippedPlain);
    }
  });

  it('reads the config: true is everything, an object only what it names, false or nothing means no augmenter', () => {
    expect(resolveAugment(true)).toEqual({ flip: true, crop: true, color: true });
    expect(resolveAugment({ color: true, flip: false })).toEqual({ flip: false, crop: false, color: true });
    expect(augmenterFor(resolveAugment(false), size, 1, 0, 0)).toBeUndefined();
    expect(augmenterFor(resolveAugment({}), size, 1, 0, 0)).toBeUndefined();
  });
});
