import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { isNetpbm } from './netpbm';

/** Image formats the import reads: sharp's, plus netpbm which we decode ourselves. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heif' | 'netpbm';

export type SniffResult =
  | { kind: 'image'; format: ImageFormat }
  /** Recognisably an image, in a format we cannot read (BMP, PSD, ...). */
  | { kind: 'unsupported-image'; format: string }
  | { kind: 'not-image'; detected: string | null };

const readable: Record<string, ImageFormat> = {
  jpg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  tif: 'tiff',
  avif: 'avif',
  heic: 'heif',
};

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** TIFF and BigTIFF byte-order marks and magic numbers: II*\0, MM\0*, II+\0, MM\0+. */
const tiffSignatures = ['49492a00', '4d4d002a', '49492b00', '4d4d002b'];

/**
 * True when the bytes start with a TIFF header. file-type also wants the first directory, which libvips and
 * libtiff write at the end of the file, beyond any head we read; the decoder judges the rest.
 */
function isTiff(head: Uint8Array): boolean {
  return head.length >= 4 && tiffSignatures.includes(Buffer.from(head.subarray(0, 4)).toString('hex'));
}

/** Extensions that claim a file is an image, so that an unreadable one is an error, not silently skipped. */
const imageExtensions = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif',
  '.pgm',
  '.ppm',
  '.pnm',
  '.pbm',
  '.bmp',
  '.dng',
  '.cr2',
  '.nef',
  '.arw',
  '.jxl',
]);

/** True when a file's name says it is an image (whatever its content says). */
export function hasImageExtension(filePath: string): boolean {
  return imageExtensions.has(path.extname(filePath).toLowerCase());
}

/** Identifies a file's format from its content, never from its name (the Yale set has no extensions). */
export async function sniffFormat(head: Uint8Array): Promise<SniffResult> {
  if (isNetpbm(head)) return { kind: 'image', format: 'netpbm' };
  // Fast path for the two formats most libraries are made of; file-type covers everything else.
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { kind: 'image', format: 'jpeg' };
  if (head.length >= 8 && Buffer.from(head.subarray(0, 8)).equals(pngSignature))
    return { kind: 'image', format: 'png' };
  // file-type first: camera raw formats (CR2, NEF, ARW, DNG) are TIFF inside, and it names them.
  const type = await fileTypeFromBuffer(head);
  if (!type) return isTiff(head) ? { kind: 'image', format: 'tiff' } : { kind: 'not-image', detected: null };
  const format = readable[type.ext];
  if (format) return { kind: 'image', format };
  if (type.mime.startsWith('image/')) return { kind: 'unsupported-image', format: type.ext };
  return { kind: 'not-image', detected: type.mime };
}
