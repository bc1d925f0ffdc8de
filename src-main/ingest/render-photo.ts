import path from 'node:path';
import { catalogLayout } from '../app/paths';
import { readCaptureDate } from './capture-date';
import { openImage, reason } from './decode';
import type { Sharp } from 'sharp';
import type { ImageFormat } from './sniff';
import { writeThumbnail } from './thumbnail';
import { inFolder } from '../util/in-folder';

export interface RenderedPhoto {
  /** The upright image, for further outputs (face analysis). */
  image: Sharp;
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
 * date.
 */
export async function renderPhoto(
  catalogDir: string,
  bytes: Buffer,
  format: ImageFormat,
  sha256: string,
  maxPixels: number,
): Promise<RenderedPhoto> {
  const opened = await openImage(bytes, format, maxPixels);
  const thumb = thumbnailRelativePath(sha256);
  const target = path.join(catalogDir, thumb);
  try {
    // Written in place, not via a temporary name: the photo's row, which is what makes a thumbnail
    // visible, is committed only after this resolves, and a rerun rewrites the same content-named file.
    await inFolder(target, () => writeThumbnail(opened.image, target));
  } catch (error) {
    throw new Error(`cannot decode ${format}: ${reason(error)}`);
  }
  const takenAt = await readCaptureDate(opened.exif);
  return { image: opened.image, width: opened.width, height: opened.height, takenAt, thumb };
}
