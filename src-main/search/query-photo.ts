import { analysisMaxSide, type FaceIndexer, type TransientFace } from '../faces/face-indexer';
import { decodeRgb, openImage, reason } from '../imaging/decode';
import { sniffFormat } from '../imaging/sniff';
import { UserError } from '../util/errors';

/** A search takes photos up to 50 MB (the renderer sends their bytes, never a path). */
export const maxQueryBytes = 50 * 1024 * 1024;

/**
 * Decodes a photo from outside the catalog as an import would (format sniffed from content, EXIF
 * orientation, the pixel limit) and finds and embeds its faces on the vision workers; nothing is stored.
 */
export async function detectInPhoto(
  indexer: Pick<FaceIndexer, 'detect'>,
  bytes: Buffer,
  maxPixels: number,
  signal?: AbortSignal,
): Promise<TransientFace[]> {
  const sniffed = await sniffFormat(bytes.subarray(0, 4100));
  if (sniffed.kind !== 'image') {
    throw new UserError(
      sniffed.kind === 'unsupported-image'
        ? `cannot search a ${sniffed.format} image: not a format FaceAtlas reads`
        : 'not an image',
    );
  }
  let pixels;
  try {
    const opened = await openImage(bytes, sniffed.format, maxPixels);
    pixels = {
      rgb: await decodeRgb(opened.image, analysisMaxSide),
      size: { width: opened.width, height: opened.height },
    };
  } catch (error) {
    throw new UserError(`cannot decode the photo: ${reason(error)}`);
  }
  return indexer.detect(pixels.rgb, pixels.size, signal);
}
