import fs from 'node:fs/promises';
import path from 'node:path';
import type { FaceRepository } from '../catalog/face.repository';
import type { PhotoRepository } from '../catalog/photo.repository';
import { openImage, reason } from '../imaging/decode';
import { maxFileBytes } from '../ingest/read-file';
import type { ImageFormat } from '../imaging/sniff';
import { UserError } from '../util/errors';
import { toFsPath } from '../util/fs-path';
import { realPathInside } from '../util/in-folder';

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
      return { file: await this.inMedia(path.join(this.catalogDir, crop)), type: mediaType(crop) };
    }
    const photo = this.repositories.photos.get(id);
    if (!photo) throw new UserError(`no photo ${id}`, 'not-found');
    if (kind === 'thumb') {
      const file = await this.inMedia(path.join(this.catalogDir, photo.thumb));
      return { file, type: mediaType(photo.thumb) };
    }
    let pending = this.previews.get(id);
    if (!pending) {
      // The stored path may stand for a name that is not UTF-8: open it by its bytes (util/fs-path).
      pending = this.renderPreview(toFsPath(photo.path), photo.sha256, photo.format as ImageFormat);
      this.previews.set(id, pending);
      pending.finally(() => this.previews.delete(id)).catch(() => undefined);
    }
    return { file: await this.inMedia(await pending), type: 'image/webp' };
  }

  /**
   * The real path of a catalog media file, refused unless it lies inside the media folder: the paths
   * come from catalog rows, and a tampered row (`thumb = '../../../etc/passwd'`) or a symlink planted in
   * the folder must not turn a media id into any file on the disk.
   */
  private async inMedia(file: string): Promise<string> {
    let real: string | null;
    try {
      real = await realPathInside(path.join(this.catalogDir, 'media'), file);
    } catch {
      throw new UserError('media file missing', 'not-found');
    }
    if (!real) throw new UserError("media path outside the catalog's media folder", 'not-found');
    return real;
  }

  /** Renders (once, then cached in the catalog) the viewer-sized copy of a photo from its file. */
  private async renderPreview(
    photoPath: string | Buffer,
    sha256: string,
    format: ImageFormat,
  ): Promise<string> {
    // The hash names the file: only a real hash may, or a tampered row could write anywhere.
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new UserError('no preview for this photo', 'not-found');
    const target = path.join(this.catalogDir, 'media', 'previews', sha256.slice(0, 2), `${sha256}.webp`);
    try {
      await fs.access(target);
      return target;
    } catch {
      // not rendered yet
    }
    // Sized before it is read: the file may have been replaced by anything since it was imported (a
    // 1.5 GB disk image took 11 s and 2 GB of memory), or by a FIFO that a read would wait on forever.
    const stat = await fs.stat(photoPath).catch((error: unknown) => {
      throw new UserError(`the photo's file is not readable: ${reason(error)}`, 'not-found');
    });
    if (!stat.isFile()) throw new UserError("the photo's file is no longer a regular file", 'not-found');
    if (stat.size > maxFileBytes) {
      const size = `${(stat.size / 1024 ** 3).toFixed(1)} GB`;
      throw new UserError(`the photo's file is ${size}, over the 1 GB limit for previews`, 'not-found');
    }
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(photoPath);
    } catch (error) {
      throw new UserError(`the photo's file is not readable: ${reason(error)}`, 'not-found');
    }
    let webp: Buffer;
    try {
      const { image } = await openImage(bytes, format, this.maxPixels);
      webp = await image
        .resize({ width: previewSize, height: previewSize, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer();
    } catch (error) {
      // The file was replaced or damaged since it was imported: the user's data, not a bug (no 500).
      throw new UserError(`the photo's file is no longer a readable image: ${reason(error)}`, 'not-found');
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, webp);
    return target;
  }
}

/** The media type of a catalog file, by its extension (thumbnails and crops were WebP before they were JPEG). */
function mediaType(file: string): string {
  return file.endsWith('.webp') ? 'image/webp' : 'image/jpeg';
}
