import { writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../src-main/app/container';
import type { ImportSummary } from '../../src-main/ingest/import-types';
import { toStoredPath } from '../../src-main/util/fs-path';
import { lastJson, runCli } from '../support/cli';
import { writePhoto } from '../support/images';
import { makeTempDir } from '../support/temp';

type CliSummary = Omit<ImportSummary, 'cancelled'>;

/** A TIFF as libvips writes it (directory after the pixels, beyond the sniffed head), from a JPEG. */
async function writeTiff(file: string, seed: number): Promise<void> {
  const jpeg = `${file}.source.jpg`;
  await writePhoto(jpeg, 'jpeg', seed, { width: 100, height: 75 });
  await sharp(jpeg).tiff().toFile(file);
  await fs.rm(jpeg);
}

/** A header-only Canon CR2 (TIFF inside): what a camera raw looks like to the sniffer. */
function cr2Header(): Buffer {
  const bytes = Buffer.alloc(256);
  bytes.write('II*\0', 0, 'latin1');
  bytes.writeUInt32LE(16, 4);
  bytes.write('CR\x02\0', 8, 'latin1');
  return bytes;
}

describe('imports of files that used to be lost', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let photos: string;
  let catalog: string;
  /** The Latin-1 name `café.jpg` as bytes, or null where the file system refuses such names. */
  let latin1: Buffer | null = null;
  const importAll = async (): Promise<CliSummary> => {
    const result = await runCli(['import', photos, '--no-faces', '--catalog', catalog, '--json']);
    expect(result.code).toBe(0);
    return lastJson<CliSummary>(result.stdout);
  };

  beforeAll(async () => {
    temp = await makeTempDir('odd-files');
    photos = path.join(temp.dir, 'photos');
    catalog = path.join(temp.dir, 'catalog');
    await fs.mkdir(photos);
    await writeTiff(path.join(photos, 'scan.tif'), 1);
    await writeTiff(path.join(photos, 'tiff-without-extension'), 2);
    // A TIFF-based raw the sniffer cannot name: the decoder judges it (here it reads it, as a TIFF).
    await writeTiff(path.join(photos, 'preview.dng'), 3);
    await fs.writeFile(path.join(photos, 'camera.cr2'), cr2Header());
    for (let i = 1; i <= 6; i++)
      await fs.truncate(await touch(path.join(photos, `v${i}.mp4`)), 900 * 1024 ** 2);
    const jpeg = path.join(temp.dir, 'cafe.jpg');
    await writePhoto(jpeg, 'jpeg', 4);
    const name = Buffer.concat([Buffer.from(`${photos}/caf`), Buffer.of(0xe9), Buffer.from('.jpg')]);
    try {
      writeFileSync(name, await fs.readFile(jpeg));
      latin1 = name;
    } catch (error) {
      console.warn(`this file system refuses non-UTF-8 names (${String(error)}): that case is skipped`);
    }
  });

  afterAll(() => temp.cleanup());

  it('adds TIFFs written by libvips, names raw it cannot read, and skips large videos', async () => {
    const summary = await importAll();
    expect(summary.errors).toEqual([
      { path: path.join(photos, 'camera.cr2'), error: 'unsupported image format: cr2' },
    ]);
    expect(summary.photos).toEqual({ added: latin1 ? 4 : 3, skipped: 6, failed: 1 });
  });

  it('imports a name that is not UTF-8, skips it as unchanged, and renders and indexes it', async (ctx) => {
    if (!latin1) return ctx.skip('the file system refuses non-UTF-8 names');
    const stored = toStoredPath(latin1);
    const again = await importAll();
    expect(again.photos).toEqual({ added: 0, skipped: 10, failed: 1 });
    const app = new Container({ catalogDir: catalog, shell: 'host' });
    try {
      const photo = app.repositories.photos.page(0, 100).find((p) => p.path === stored);
      expect(photo, `no photo stored at ${stored}`).toBeDefined();
      expect(app.repositories.photos.findFile(stored)).toMatchObject({ photoId: photo!.id });
      // The viewer's preview is rendered from the original file, opened by its bytes.
      const preview = await app.media.file({ kind: 'preview', id: photo!.id });
      expect((await sharp(preview.file).metadata()).format).toBe('webp');
    } finally {
      await app.shutdown();
    }
    // Indexing faces reads the photo files again, by their stored paths.
    const index = await runCli(['index', '--all', '--catalog', catalog, '--json']);
    expect(index.code).toBe(0);
    expect(lastJson<{ photos: number; failed: number }>(index.stdout)).toMatchObject({
      photos: 4,
      failed: 0,
    });
  });
});

async function touch(file: string): Promise<string> {
  await fs.writeFile(file, '');
  return file;
}
