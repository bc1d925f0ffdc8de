import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hasImageExtension, sniffFormat } from '../../../src-main/ingest/sniff';

const pixel = { create: { width: 2, height: 2, channels: 3 as const, background: '#808080' } };

describe('format sniffing by content', () => {
  it.each(['jpeg', 'png', 'webp', 'gif', 'tiff'] as const)(
    'recognises %s whatever the name',
    async (format) => {
      const bytes = await sharp(pixel).toFormat(format).toBuffer();
      expect(await sniffFormat(bytes)).toEqual({ kind: 'image', format });
    },
  );

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
