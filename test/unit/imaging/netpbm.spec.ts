import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { decodeNetpbm, isNetpbm } from '../../../src-main/imaging/netpbm';

const limit = 1e8;

describe('netpbm decoding', () => {
  it('decodes binary PGM (P5) with comments in the header', () => {
    const header = Buffer.from('P5\n# a comment\n3 2\n# another\n255\n', 'latin1');
    const image = decodeNetpbm(Buffer.concat([header, Buffer.from([0, 50, 100, 150, 200, 255])]), limit);
    expect(image).toMatchObject({ width: 3, height: 2, channels: 1 });
    expect([...image.data]).toEqual([0, 50, 100, 150, 200, 255]);
  });

  it('decodes ASCII PPM (P3) and rescales maxval to 8 bits', () => {
    const image = decodeNetpbm(Buffer.from('P3 2 1 15\n15 0 0  0 15 7\n', 'latin1'), limit);
    expect(image).toMatchObject({ width: 2, height: 1, channels: 3 });
    expect([...image.data]).toEqual([255, 0, 0, 0, 255, 119]);
  });

  it('decodes 16-bit binary samples big-endian', () => {
    const header = Buffer.from('P5 2 1 65535\n', 'latin1');
    const image = decodeNetpbm(Buffer.concat([header, Buffer.from([0xff, 0xff, 0x80, 0x00])]), limit);
    expect([...image.data]).toEqual([255, 128]);
  });

  it('reports truncation, bad headers and oversize images', () => {
    expect(() => decodeNetpbm(Buffer.from('P5 4 4 255\n\x00\x01', 'latin1'), limit)).toThrow(/truncated/);
    expect(() => decodeNetpbm(Buffer.from('P5 4 x 255\n', 'latin1'), limit)).toThrow(/expected a number/);
    expect(() => decodeNetpbm(Buffer.from('P2 2 2 255\n1 2 3', 'latin1'), limit)).toThrow(/ends inside/);
    expect(() => decodeNetpbm(Buffer.from('P5 30000 30000 255\n', 'latin1'), limit)).toThrow(
      /30000x30000, over the limit/,
    );
    expect(() => decodeNetpbm(Buffer.from('P5 0 3 255\n', 'latin1'), limit)).toThrow(/invalid size/);
  });

  it('checks a huge claimed size against the data before allocating anything big', () => {
    const alloc = vi.spyOn(Buffer, 'alloc');
    const allocUnsafe = vi.spyOn(Buffer, 'allocUnsafe');
    try {
      const data = '0123456789';
      // 16383x16383 is exactly sharp's pixel limit: 268 MB grey, 805 MB RGB if reserved up front.
      for (const [magic, pattern] of [
        ['P5', /truncated: 10 of 268402689 pixel bytes/],
        ['P6', /truncated: 10 of 805208067 pixel bytes/],
        ['P2', /ends inside the pixel data/],
      ] as const) {
        const file = Buffer.from(`${magic}\n16383 16383\n255\n${data}`, 'latin1');
        expect(() => decodeNetpbm(file, 16383 * 16383)).toThrow(pattern);
      }
      const sizes = [...alloc.mock.calls, ...allocUnsafe.mock.calls].map(([size]) => size);
      expect(Math.max(0, ...sizes)).toBeLessThan(1024 ** 2);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('recognises only P2, P3, P5 and P6 headers', () => {
    expect(isNetpbm(Buffer.from('P5\n'))).toBe(true);
    expect(isNetpbm(Buffer.from('P6 '))).toBe(true);
    expect(isNetpbm(Buffer.from('P4\n'))).toBe(false);
    expect(isNetpbm(Buffer.from('P5x'))).toBe(false);
    expect(isNetpbm(Buffer.from('PK\x03\x04'))).toBe(false);
  });

  it('round-trips any 8-bit grey raster through P5', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.nat(),
        (width, height, seed) => {
          const pixels = Buffer.from(Array.from({ length: width * height }, (_, i) => (i * 31 + seed) & 255));
          const file = Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), pixels]);
          expect(decodeNetpbm(file, limit).data.equals(pixels)).toBe(true);
        },
      ),
    );
  });
});
