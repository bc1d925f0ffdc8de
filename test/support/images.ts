import fs from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A photo-like test image: a colour gradient with a seed so every call yields different content. */
export async function writePhoto(
  file: string,
  format: 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff',
  seed: number,
  size = { width: 64, height: 48 },
): Promise<void> {
  const { width, height } = size;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 4 + seed * 37) & 255;
      pixels[i + 1] = (y * 5 + seed * 11) & 255;
      pixels[i + 2] = (x + y + seed * 53) & 255;
    }
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toFile(file);
}

/** A JPEG stored sideways with EXIF orientation 6 (rotate 90° clockwise to view). */
export async function writeRotatedJpeg(file: string, seed: number): Promise<void> {
  const pixels = Buffer.alloc(80 * 40 * 3, seed & 255);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await sharp(pixels, { raw: { width: 80, height: 40, channels: 3 } })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toFile(file);
}

/** A binary PGM (P5) written byte by byte: the ORL set's format, which sharp cannot read. */
export async function writePgm(file: string, width: number, height: number, seed: number): Promise<void> {
  const header = Buffer.from(`P5\n# written by the test\n${width} ${height}\n255\n`, 'latin1');
  const pixels = Buffer.alloc(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + seed * 13) & 255;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, Buffer.concat([header, pixels]));
}

/**
 * A PNG whose IHDR declares 30000x30000 with valid CRCs and almost no pixel data: a decompression bomb's
 * header, without rendering 900 MP.
 */
export async function writeHugePngHeader(file: string): Promise<void> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30000, 0);
  ihdr.writeUInt32BE(30000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // A few rows' worth of compressed data, as a real (but cut-short) bomb would carry.
  const idat = deflateSync(Buffer.alloc(1024));
  await fs.writeFile(
    file,
    Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]),
  );
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
