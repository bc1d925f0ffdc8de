import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hasImageExtension, sniffFormat } from '../../../src-main/imaging/sniff';

const pixel = { create: { width: 2, height: 2, channels: 3 as const, background: '#808080' } };

describe('format sniffing by content', () => {
  it.each(['jpeg', 'png', 'webp', 'gif', 'tiff'] as const)(
    'recognises %s whatever the name',
    async (format) => {
      const bytes = await sharp(pixel).toFormat(format).toBuffer();
      expect(await sniffFormat(bytes)).toEqual({ kind: 'image', format });
    },
  );

  it('recognises TIFF by its header when the directory lies beyond the head (libvips writes it last)', async () => {
    const raw = Buffer.from(Array.from({ length: 120 * 90 * 3 }, (_, i) => (i * 7) & 255));
    const jpeg = await sharp(raw, { raw: { width: 120, height: 90, channels: 3 } })
      .jpeg()
      .toBuffer();
    const tiff = await sharp(jpeg).tiff().toBuffer();
    expect(tiff.readUInt32LE(4)).toBeGreaterThan(4100);
    expect(await sniffFormat(tiff.subarray(0, 4100))).toEqual({ kind: 'image', format: 'tiff' });
    for (const magic of ['II*\0', 'MM\0*', 'II+\0', 'MM\0+']) {
      const head = Buffer.concat([Buffer.from(magic, 'latin1'), Buffer.alloc(64)]);
      expect(await sniffFormat(head)).toEqual({ kind: 'image', format: 'tiff' });
    }
  });

  it('names TIFF-based camera raw formats instead of calling them TIFF', async () => {
    const cr2 = Buffer.alloc(64);
    cr2.write('II*\0', 0, 'latin1');
    cr2.writeUInt32LE(16, 4);
    cr2.write('CR\x02\0', 8, 'latin1');
    expect(await sniffFormat(cr2)).toEqual({ kind: 'unsupported-image', format: 'cr2' });
  });

  it('recognises netpbm, which no library here sniffs', async () => {
    expect(await sniffFormat(Buffer.from('P5\n2 2\n255\n\0\0\0\0', 'latin1'))).toEqual({
      kind: 'image',
      format: 'netpbm',
    });
  });

  it('tells unreadable image formats from non-images', async () => {
    const bmp = Buffer.alloc(64);
    bmp.write('BM', 0, 'latin1');
    expect((await sniffFormat(bmp)).kind).toBe('unsupported-image');
    expect(await sniffFormat(Buffer.from('just some text\n'))).toEqual({ kind: 'not-image', detected: null });
    expect(await sniffFormat(Buffer.from('%PDF-1.7\n'))).toEqual({
      kind: 'not-image',
      detected: 'application/pdf',
    });
  });

  it('knows which names claim to be images', () => {
    expect(hasImageExtension('/a/b/PHOTO.JPG')).toBe(true);
    expect(hasImageExtension('/a/s1/1.pgm')).toBe(true);
    expect(hasImageExtension('/a/yale/subject01.happy')).toBe(false);
    expect(hasImageExtension('/a/SOURCE.txt')).toBe(false);
  });
});
