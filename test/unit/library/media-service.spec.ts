import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceRepository } from '../../../src-main/catalog/face.repository';
import type { PhotoRepository, PhotoRow } from '../../../src-main/catalog/photo.repository';
import { MediaService } from '../../../src-main/library/media.service';
import { makeTempDir } from '../../support/temp';

describe('MediaService', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let catalog: string;
  const photos = new Map<number, Partial<PhotoRow>>();
  const crops = new Map<number, string>();
  let media: MediaService;

  beforeAll(async () => {
    temp = await makeTempDir('media-service');
    catalog = path.join(temp.dir, 'catalog');
    await fs.mkdir(path.join(catalog, 'media', 'thumbs'), { recursive: true });
    await fs.mkdir(path.join(catalog, 'media', 'faces'), { recursive: true });
    await fs.writeFile(path.join(catalog, 'media', 'thumbs', 'ok.jpg'), 'thumb');
    await fs.writeFile(path.join(catalog, 'catalog.db'), 'the catalog');
    await fs.symlink('/etc/passwd', path.join(catalog, 'media', 'faces', 'planted.jpg'));
    const repositories = {
      photos: { get: (id: number) => photos.get(id) } as unknown as PhotoRepository,
      faces: {
        get: (id: number) => (crops.has(id) ? { crop: crops.get(id) } : undefined),
      } as unknown as FaceRepository,
    };
    media = new MediaService(catalog, repositories, 268_402_689);
  });

  afterAll(() => temp.cleanup());

  const photo = (id: number, row: Partial<PhotoRow>): void => {
    photos.set(id, { path: '/nowhere', sha256: 'a'.repeat(64), format: 'jpeg', thumb: '', ...row });
  };

  it('serves a thumbnail inside the media folder', async () => {
    photo(1, { thumb: 'media/thumbs/ok.jpg' });
    const { file } = await media.file({ kind: 'thumb', id: 1 });
    expect(file).toBe(await fs.realpath(path.join(catalog, 'media', 'thumbs', 'ok.jpg')));
  });

  it.each(['../../../../../../etc/passwd', 'catalog.db', 'media/../catalog.db', '/etc/passwd'])(
    'refuses a tampered thumb path %s',
    async (thumb) => {
      photo(2, { thumb });
      await expect(media.file({ kind: 'thumb', id: 2 })).rejects.toMatchObject({ code: 'not-found' });
    },
  );

  it('refuses a face crop that is a symlink out of the media folder, or a path out of it', async () => {
    crops.set(1, 'media/faces/planted.jpg');
    await expect(media.file({ kind: 'face', id: 1 })).rejects.toThrow(/outside the catalog's media folder/);
    crops.set(2, '../../../../../etc/passwd');
    await expect(media.file({ kind: 'face', id: 2 })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses a preview whose hash would name a file outside the previews folder', async () => {
    const image = path.join(temp.dir, 'real.png');
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
      .png()
      .toFile(image);
    photo(3, { path: image, format: 'png', sha256: '../../escaped' });
    await expect(media.file({ kind: 'preview', id: 3 })).rejects.toMatchObject({ code: 'not-found' });
    await expect(fs.access(path.join(temp.dir, 'escaped.webp'))).rejects.toThrow();
  });

  it('answers a photo file that is no longer an image with a not-found that says so', async () => {
    const junk = path.join(temp.dir, 'junk.jpg');
    await fs.writeFile(junk, 'this is not a JPEG any more');
    photo(4, { path: junk, sha256: 'b'.repeat(64) });
    await expect(media.file({ kind: 'preview', id: 4 })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/no longer a readable image/) as unknown,
    });
  });

  it('refuses an oversized photo file from its size, without reading it', async () => {
    const huge = path.join(temp.dir, 'huge.jpg');
    await fs.writeFile(huge, '');
    await fs.truncate(huge, 1.5 * 1024 ** 3); // sparse: nothing is written, nothing must be read
    photo(5, { path: huge, sha256: 'c'.repeat(64) });
    const started = Date.now();
    await expect(media.file({ kind: 'preview', id: 5 })).rejects.toThrow(/1\.5 GB, over the 1 GB limit/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
