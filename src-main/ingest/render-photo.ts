import fs from 'node:fs/promises';
import path from 'node:path';
import { catalogLayout } from '../app/paths';
import { readCaptureDate } from './capture-date';
import { openImage, reason } from './decode';
import type { ImageFormat } from './sniff';
import { renderThumbnail } from './thumbnail';

export interface RenderedPhoto {
  width: number;
  height: number;
  takenAt: string | null;
  /** Thumbnail path relative to the catalog folder. */
  thumb: string;
}

/** A thumbnail's place in the catalog, named by content so that rewriting it is always harmless. */
export function thumbnailRelativePath(sha256: string): string {
  return path.posix.join(catalogLayout.thumbnails, sha256.slice(0, 2), `${sha256}.webp`);
}

/**
 * Decodes a photo (EXIF orientation applied), writes its thumbnail into the catalog and reads its capture
 * date. The thumbnail is written to a temporary name and renamed, so a crash never leaves half a file.
 */
export async function renderPhoto(
  catalogDir: string,
  bytes: Buffer,
  format: ImageFormat,
  sha256: string,
  maxPixels: number,
): Promise<RenderedPhoto> {
  const opened = await openImage(bytes, format, maxPixels);
  let thumbnail: Buffer;
  try {
    thumbnail = await renderThumbnail(opened.image);
  } catch (error) {
    throw new Error(`cannot decode ${format}: ${reason(error)}`);
  }
  const thumb = thumbnailRelativePath(sha256);
  const target = path.join(catalogDir, thumb);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  await fs.writeFile(temporary, thumbnail);
  await fs.rename(temporary, target);
  const takenAt = format === 'netpbm' || format === 'gif' ? null : await readCaptureDate(bytes);
  return { width: opened.width, height: opened.height, takenAt, thumb };
}
