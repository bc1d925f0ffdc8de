import fs from 'node:fs/promises';
import path from 'node:path';
import type { FaceRepository } from '../catalog/face.repository';
import type { PhotoRepository } from '../catalog/photo.repository';
import { openImage, reason } from '../ingest/decode';
import type { ImageFormat } from '../ingest/sniff';
import { UserError } from '../util/errors';

/** Long side of the viewer's preview images. */
export const previewSize = 1600;

export type MediaRequest = { kind: 'thumb' | 'preview' | 'face'; id: number };

/**
 * Catalog media by id, for the transports (host `/media`, Electron's protocol). Never takes a path: ids
 * are looked up in the catalog, and only files inside the catalog folder (or a photo's own file, read to
 * render its preview) are touched.
 */
export class MediaService {
  private readonly previews = new Map<number, Promise<string>>();

  constructor(
    private readonly catalogDir: string,
    private readonly repositories: { photos: PhotoRepository; faces: FaceRepository },
    private readonly maxPixels: number,
  ) {}

  /** The file holding a media item; throws UserError('not-found') for unknown ids. */
  async file({ kind, id }: MediaRequest): Promise<{ file: string; type: string }> {
    if (kind === 'face') {
      const crop = this.repositories.faces.get(id)?.crop;
      if (!crop) throw new UserError(`no face crop ${id}`, 'not-found');
      return { file: path.join(this.catalogDir, crop), type: mediaType(crop) };
    }
    const photo = this.repositories.photos.get(id);
    if (!photo) throw new UserError(`no photo ${id}`, 'not-found');
    if (kind === 'thumb')
      return { file: path.join(this.catalogDir, photo.thumb), type: mediaType(photo.thumb) };
    let pending = this.previews.get(id);
    if (!pending) {
      pending = this.renderPreview(photo.path, photo.sha256, photo.format as ImageFormat);
      this.previews.set(id, pending);
      pending.finally(() => this.previews.delete(id)).catch(() => undefined);
    }
    return { file: await pending, type: 'image/webp' };
  }

  /** Renders (once, then cached in the catalog) the viewer-sized copy of a photo from its file. */
  private async renderPreview(photoPath: string, sha256: string, format: ImageFormat): Promise<string> {
    const target = path.join(this.catalogDir, 'media', 'previews', sha256.slice(0, 2), `${sha256}.webp`);
    try {
      await fs.access(target);
      return target;
    } catch {
      // not rendered yet
    }
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(photoPath);
    } catch (error) {
      throw new UserError(`the photo's file is not readable: ${reason(error)}`, 'not-found');
    }
    const { image } = await openImage(bytes, format, this.maxPixels);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await image
      .resize({ width: previewSize, height: previewSize, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toFile(target);
    return target;
  }
}

/** The media type of a catalog file, by its extension (thumbnails and crops were WebP before they were JPEG). */
function mediaType(file: string): string {
  return file.endsWith('.webp') ? 'image/webp' : 'image/jpeg';
}
