import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { decodeRgb, openImage, reason, type RgbPixels } from '../imaging/decode';
import type { ImageFormat } from '../imaging/sniff';
import { toFsPath } from '../util/fs-path';
import { analysisMaxSide } from './face-indexer';

/** A catalog photo as the face pipeline reads it again from disk. */
export interface PhotoOnDisk {
  path: string;
  sha256: string;
  format: string;
}

/** A photo's upright pixels for analysis, with its full (oriented) size. */
export type PhotoPixels =
  { ok: true; rgb: RgbPixels; size: { width: number; height: number } } | { ok: false; error: string };

/**
 * Reads a catalog photo's file again and decodes it for face analysis (at most `analysisMaxSide`). A file
 * that is gone, or whose bytes changed since import, is reported, never guessed at.
 */
export async function loadPhotoPixels(photo: PhotoOnDisk, maxPixels: number): Promise<PhotoPixels> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(toFsPath(photo.path));
  } catch (error) {
    return { ok: false, error: `cannot read the photo's file: ${reason(error)}` };
  }
  if (createHash('sha256').update(bytes).digest('hex') !== photo.sha256) {
    return { ok: false, error: 'the file changed since it was imported; import its folder again' };
  }
  try {
    const opened = await openImage(bytes, photo.format as ImageFormat, maxPixels);
    const rgb = await decodeRgb(opened.image, analysisMaxSide);
    return { ok: true, rgb, size: { width: opened.width, height: opened.height } };
  } catch (error) {
    return { ok: false, error: `cannot decode the photo: ${reason(error)}` };
  }
}
