import { describe, expect, it } from 'vitest';
import {
  normalizePixels,
  pixelNormalizations,
} from '../../../src-main/models/embedder-trained/embedder-spec';
import { normalizations, normalizeInPlace } from '../../../src-main/training/dataset/normalization';

describe('a trained model sees its pixels as training fed them', () => {
  const pixels = Uint8Array.from({ length: 4 * 3 }, (_, i) => (i * 53) % 256);

  it.each(normalizations)('%s: the same values as the training crop loader', (name) => {
    expect(pixelNormalizations).toContain(name);
    const trained = Float32Array.from(pixels, (v) => v / 255);
    normalizeInPlace(trained, name);
    const served = new Float32Array(pixels.length);
    normalizePixels(pixels, name, served, 0);
    served.forEach((value, i) => expect(value).toBeCloseTo(trained[i]!, 5));
  });

  it('raw keeps the bytes', () => {
    const out = new Float32Array(pixels.length + 2);
    normalizePixels(pixels, 'raw', out, 2);
    expect([...out.subarray(2)]).toEqual([...pixels]);
  });
});
