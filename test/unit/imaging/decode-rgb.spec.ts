import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRgb } from '../../../src-main/imaging/decode.js';

const png = (width: number, height: number, channels: 1 | 2 | 3 | 4, value: number): Promise<Buffer> =>
  sharp(Buffer.alloc(width * height * channels, value), { raw: { width, height, channels } })
    .png()
    .toBuffer();

describe('decodeRgb (the pixels faces are analysed on and thumbnails made from)', () => {
  it.each([1, 2, 3, 4] as const)('gives 3 interleaved bands for %i-band input', async (channels) => {
    const rgb = await decodeRgb(sharp(await png(5, 4, channels, 90)));
    expect([rgb.width, rgb.height, rgb.data.length]).toEqual([5, 4, 5 * 4 * 3]);
  });

  it('flattens transparent pixels on white, not on whatever colour they hide', async () => {
    const rgb = await decodeRgb(sharp(await png(3, 3, 4, 0)));
    expect([...rgb.data].every((value) => value === 255)).toBe(true);
  });

  it('fits the long side into maxSide without enlarging small images', async () => {
    const large = await decodeRgb(sharp(await png(400, 100, 3, 10)), 200);
    expect([large.width, large.height]).toEqual([200, 50]);
    const small = await decodeRgb(sharp(await png(40, 10, 3, 10)), 200);
    expect([small.width, small.height]).toEqual([40, 10]);
  });
});
