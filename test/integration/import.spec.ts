import fs from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-main/ingest/import-types';
import { BACKEND_ORDER } from '../../src-main/vision/backend-names';
import { lastJson, runCli } from '../support/cli';
import { writePgm, writePhoto, writeRotatedJpeg } from '../support/images';
import { makeTempDir } from '../support/temp';

type CliSummary = Omit<ImportSummary, 'cancelled'>;

describe('import of a generated folder tree', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let photos: string;
  let catalog: string;

  beforeAll(async () => {
    temp = await makeTempDir('import');
    photos = path.join(temp.dir, 'photos');
    catalog = path.join(temp.dir, 'catalog');
    await writePhoto(path.join(photos, 'alice', 'a1.jpg'), 'jpeg', 1);
    await writePhoto(path.join(photos, 'alice', 'a2.png'), 'png', 2);
    await writePhoto(path.join(photos, 'bob', 'deep', 'nested', 'b1.webp'), 'webp', 3);
    await writePhoto(path.join(photos, 'bob', 'b2.gif'), 'gif', 4);
    await writePhoto(path.join(photos, 'bob', 'b3.tiff'), 'tiff', 5);
    await writeRotatedJpeg(path.join(photos, 'rotated.jpg'), 6);
    await writePgm(path.join(photos, 's1', '1.pgm'), 92, 112, 7);
    // Same bytes as alice/a1.jpg at two other paths, one of them without an extension (sniffed by content).
    await fs.copyFile(path.join(photos, 'alice', 'a1.jpg'), path.join(photos, 'copy-of-a1.jpg'));
    await fs.copyFile(path.join(photos, 'alice', 'a1.jpg'), path.join(photos, 'bob', 'no-extension'));
    await fs.writeFile(path.join(photos, 'SOURCE.txt'), 'where these came from\n');
  });

  afterAll(() => temp.cleanup());

  it('counts added, skipped and duplicates exactly', async () => {
    const result = await runCli([
      'import',
      photos,
      '--no-faces',
      '--labels-from-folders',
      '--catalog',
      catalog,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const summary = lastJson<CliSummary>(result.stdout);
    expect(summary.photos).toEqual({ added: 7, skipped: 3, failed: 0 });
    expect(summary.errors).toEqual([]);
    const original = path.join(photos, 'alice', 'a1.jpg');
    expect(summary.duplicates).toEqual(
      expect.arrayContaining([
        { path: path.join(photos, 'copy-of-a1.jpg'), of: original },
        { path: path.join(photos, 'bob', 'no-extension'), of: original },
      ]),
    );
    expect(summary.duplicates).toHaveLength(2);
    // Progress went to stderr, and stdout ends with exactly one JSON line.
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('stores orientation-corrected sizes, folder labels and thumbnails', () => {
    const db = new Database(path.join(catalog, 'catalog.db'), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT path, width, height, folder_label AS label, thumb, format FROM photos')
        .all() as Array<{
        path: string;
        width: number;
        height: number;
        label: string | null;
        thumb: string;
        format: string;
      }>;
      const byName = new Map(rows.map((row) => [path.relative(photos, row.path), row]));
      // Stored 80x40 with EXIF orientation 6: upright it is 40 wide, 80 high.
      expect(byName.get('rotated.jpg')).toMatchObject({ width: 40, height: 80, label: null });
      expect(byName.get('s1/1.pgm')).toMatchObject({ width: 92, height: 112, label: 's1', format: 'netpbm' });
      expect(byName.get('bob/deep/nested/b1.webp')?.label).toBe('nested');
      expect(byName.get('alice/a2.png')?.label).toBe('alice');
      for (const row of rows) expect(row.thumb).toMatch(/^media\/thumbs\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
    } finally {
      db.close();
    }
  });

  it('writes thumbnails whose long side is 256 or the original size', async () => {
    const sharp = (await import('sharp')).default;
    const db = new Database(path.join(catalog, 'catalog.db'), { readonly: true });
    const thumbs = db.prepare('SELECT thumb FROM photos').all() as Array<{ thumb: string }>;
    db.close();
    for (const { thumb } of thumbs) {
      const meta = await sharp(path.join(catalog, thumb)).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(256);
    }
  });

  it('adds nothing when run again, and only the new file after one is added', async () => {
    const again = lastJson<CliSummary>(
      (await runCli(['import', photos, '--no-faces', '--catalog', catalog, '--json'])).stdout,
    );
    expect(again.photos).toEqual({ added: 0, skipped: 10, failed: 0 });
    await writePhoto(path.join(photos, 'alice', 'a3.jpg'), 'jpeg', 8);
    const third = lastJson<CliSummary>(
      (await runCli(['import', photos, '--no-faces', '--catalog', catalog, '--json'])).stdout,
    );
    expect(third.photos).toEqual({ added: 1, skipped: 10, failed: 0 });
  });

  it('adds changed content at a known path as a new photo and keeps the old record', async () => {
    const file = path.join(photos, 'alice', 'a2.png');
    await writePhoto(file, 'png', 99);
    const summary = lastJson<CliSummary>(
      (await runCli(['import', photos, '--no-faces', '--catalog', catalog, '--json'])).stdout,
    );
    expect(summary.photos.added).toBe(1);
    const db = new Database(path.join(catalog, 'catalog.db'), { readonly: true });
    const versions = db.prepare('SELECT status FROM photos WHERE path = ? ORDER BY id').all(file) as Array<{
      status: string;
    }>;
    db.close();
    expect(versions.map((v) => v.status)).toEqual(['replaced', 'ok']);
  });

  it('reports stats and a usage error with the documented exit codes', async () => {
    const stats = await runCli(['stats', '--catalog', catalog, '--json']);
    expect(stats.code).toBe(0);
    // The replaced version is not a current photo; --no-faces imports found no faces.
    expect(lastJson(stats.stdout)).toMatchObject({ photos: 8, faces: 0, people: 0 });
    expect(BACKEND_ORDER).toContain(lastJson<{ backend: string }>(stats.stdout).backend);
    expect((await runCli(['import', '--catalog', catalog])).code).toBe(2);
    expect((await runCli(['no-such-command'])).code).toBe(2);
    const missing = await runCli([
      'import',
      path.join(temp.dir, 'does-not-exist'),
      '--catalog',
      catalog,
      '--json',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('folder not found');
  });
});
