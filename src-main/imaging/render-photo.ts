import path from 'node:path';
import { catalogLayout } from '../platform/paths';
import { readCaptureDate } from './capture-date';
import sharp from 'sharp';
import { decodeRgb, openImage, reason, type RgbPixels } from './decode';
import type { ImageFormat } from './sniff';
import { thumbnailExtension, writeThumbnail } from './thumbnail';
import { inFolder } from '../util/in-folder';

export interface RenderedPhoto {
  width: number;
  height: number;
  takenAt: string | null;
  /** Thumbnail path relative to the catalog folder. */
  thumb: string;
  /** With `analysisMaxSide`: the upright RGB pixels the thumbnail was made from, for face analysis. */
  pixels?: RgbPixels;
}

/** A thumbnail's place in the catalog, named by content so that rewriting it is always harmless. */
export function thumbnailRelativePath(sha256: string): string {
  return path.posix.join(catalogLayout.thumbnails, sha256.slice(0, 2), `${sha256}.${thumbnailExtension}`);
}

/**
 * Decodes a photo (EXIF orientation applied), writes its thumbnail into the catalog and reads its capture
 * date. With `analysisMaxSide` (faces on), the photo is decoded once, to RGB at most that large, and the
 * thumbnail is made from those pixels: one decode instead of two per photo.
 */
export async function renderPhoto(
  catalogDir: string,
  bytes: Buffer,
  format: ImageFormat,
  sha256: string,
  maxPixels: number,
  analysisMaxSide?: number,
): Promise<RenderedPhoto> {
  const opened = await openImage(bytes, format, maxPixels);
  const thumb = thumbnailRelativePath(sha256);
  const target = path.join(catalogDir, thumb);
  let pixels: RgbPixels | undefined;
  try {
    // The full decode happens here, so this is where damaged files fail (sharp's failOn: 'error').
    pixels = analysisMaxSide === undefined ? undefined : await decodeRgb(opened.image, analysisMaxSide);
    const source = pixels
      ? sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
      : opened.image;
    // Written in place, not via a temporary name: the photo's row, which is what makes a thumbnail
    // visible, is committed only after this resolves, and a rerun rewrites the same content-named file.
    await inFolder(target, () => writeThumbnail(source, target));
  } catch (error) {
    throw new Error(`cannot decode ${format}: ${reason(error)}`, { cause: error });
  }
  const takenAt = await readCaptureDate(opened.exif);
  return {
    width: opened.width,
    height: opened.height,
    takenAt,
    thumb,
    ...(pixels ? { pixels } : {}),
  };
}
