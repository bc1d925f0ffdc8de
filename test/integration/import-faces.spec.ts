import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-main/ingest/import-types';
import { BACKEND_ORDER } from '../../src-main/vision/backend-names';
import { lastJson, runCli } from '../support/cli';
import { makeTempDir } from '../support/temp';

const demo = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);

interface FaceRecord {
  id: number;
  photo: string;
  person: string | null;
  assignment: string | null;
  wholeImage: number;
  box: string;
  crop: string;
}

function faces(catalog: string): FaceRecord[] {
  const db = new Database(path.join(catalog, 'catalog.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT f.id, ph.path AS photo, p.name AS person, f.assignment, f.whole_image AS wholeImage, f.box, f.crop
         FROM faces f JOIN photos ph ON ph.id = f.photo_id LEFT JOIN people p ON p.id = f.person_id ORDER BY f.id`,
      )
      .all() as FaceRecord[];
  } finally {
    db.close();
  }
}

/**
 * face-api's demo photos sample1.jpg (3 faces) and sample4.jpg (4 faces), plus generated labeled
 * crops: one cut tightly from a face of sample1.jpg, one uniform grey square with no face at all.
 */
describe('import with face indexing', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let catalog: string;
  let input: string;
  let summary: ImportSummary;

  beforeAll(async () => {
    temp = await makeTempDir('faces');
    input = path.join(temp.dir, 'in');
    catalog = path.join(temp.dir, 'catalog');
    // Directly in the imported root, so --labels-from-folders gives them no label.
    await fs.mkdir(input, { recursive: true });
    await fs.copyFile(path.join(demo, 'sample1.jpg'), path.join(input, 'sample1.jpg'));
    await fs.copyFile(path.join(demo, 'sample4.jpg'), path.join(input, 'sample4.jpg'));
    await fs.writeFile(path.join(input, 'corrupt.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await fs.mkdir(path.join(input, 'refs', 'alice'), { recursive: true });
    await fs.mkdir(path.join(input, 'refs', 'nobody'), { recursive: true });
    const result = await runCli(
      ['import', input, '--labels-from-folders', '--catalog', catalog, '--json'],
      240_000,
    );
    expect(result.code).toBe(0);
    summary = lastJson<ImportSummary>(result.stdout);
  });

  afterAll(() => temp.cleanup());

  it('finds every face of the demo photos and records the corrupt photo as failed', () => {
    expect(summary.photos).toEqual({ added: 2, skipped: 0, failed: 1 });
    expect(summary.errors.map((e) => path.basename(e.path))).toEqual(['corrupt.jpg']);
    expect(summary.faces).toBe(7);
    const perPhoto = new Map<string, number>();
    for (const face of faces(catalog))
      perPhoto.set(path.basename(face.photo), (perPhoto.get(path.basename(face.photo)) ?? 0) + 1);
    expect(Object.fromEntries(perPhoto)).toEqual({ 'sample1.jpg': 3, 'sample4.jpg': 4 });
  });

  it('writes an aligned 150x150 crop for each face', async () => {
    for (const face of faces(catalog)) {
      const meta = await sharp(path.join(catalog, face.crop)).metadata();
      expect([meta.width, meta.height]).toEqual([150, 150]);
    }
  });

  it('labels the face of a tight labeled crop, taking the whole image when nothing is detected', async () => {
    const [first] = faces(catalog);
    const box = JSON.parse(first!.box) as { x: number; y: number; width: number; height: number };
    const margin = box.width * 0.15;
    await sharp(path.join(demo, 'sample1.jpg'))
      .extract({
        left: Math.max(0, Math.round(box.x - margin)),
        top: Math.max(0, Math.round(box.y - margin)),
        width: Math.round(box.width + 2 * margin),
        height: Math.round(box.height + 2 * margin),
      })
      .resize(150, 150, { fit: 'fill' })
      .greyscale()
      .png()
      .toFile(path.join(input, 'refs', 'alice', 'alice1.png'));
    await sharp({ create: { width: 92, height: 112, channels: 3, background: '#777' } })
      .png()
      .toFile(path.join(input, 'refs', 'nobody', 'blank.png'));
    const result = await runCli(
      ['import', input, '--labels-from-folders', '--catalog', catalog, '--json'],
      240_000,
    );
    expect(lastJson<ImportSummary>(result.stdout).photos.added).toBe(2);
    const labeled = faces(catalog)
      .filter((face) => face.person !== null)
      .sort((a, b) => (a.person ?? '').localeCompare(b.person ?? ''));
    expect(labeled.map((f) => [f.person, f.assignment])).toEqual([
      ['alice', 'confirmed'],
      ['nobody', 'confirmed'],
    ]);
    expect(labeled.find((f) => f.person === 'nobody')?.wholeImage).toBe(1);
    const stats = lastJson<{ faces: number; people: number; backend: string }>(
      (await runCli(['stats', '--catalog', catalog, '--json'])).stdout,
    );
    expect(stats).toMatchObject({ faces: 9, people: 2 });
    expect(BACKEND_ORDER).toContain(stats.backend);
  });

  it('re-indexes every photo keeping face ids and labels, without duplicating faces', async () => {
    const before = faces(catalog);
    const result = await runCli(['index', '--all', '--catalog', catalog, '--json'], 240_000);
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)).toEqual({ photos: 4, faces: 9, failed: 0 });
    const after = faces(catalog);
    expect(after.map((f) => [f.id, f.person])).toEqual(before.map((f) => [f.id, f.person]));
    const nothingLeft = await runCli(['index', '--catalog', catalog, '--json']);
    expect(lastJson(nothingLeft.stdout)).toEqual({ photos: 0, faces: 0, failed: 0 });
  });
});

describe('an import run again after its faces were not indexed (cancelled, killed, or --no-faces)', () => {
  it('indexes the photos it skips as unchanged', async () => {
    const temp = await makeTempDir('resume-faces');
    try {
      const input = path.join(temp.dir, 'in');
      const catalog = path.join(temp.dir, 'catalog');
      await fs.mkdir(input);
      await fs.copyFile(path.join(demo, 'sample1.jpg'), path.join(input, 'sample1.jpg'));
      const first = await runCli(['import', input, '--no-faces', '--catalog', catalog, '--json']);
      expect(lastJson<ImportSummary>(first.stdout)).toMatchObject({ photos: { added: 1 }, faces: 0 });
      const again = await runCli(['import', input, '--catalog', catalog, '--json'], 240_000);
      expect(lastJson<ImportSummary>(again.stdout)).toMatchObject({
        photos: { added: 0, skipped: 1 },
        faces: 3,
      });
      const third = await runCli(['import', input, '--catalog', catalog, '--json'], 240_000);
      expect(lastJson<ImportSummary>(third.stdout)).toMatchObject({
        photos: { added: 0, skipped: 1 },
        faces: 0,
      });
      expect(faces(catalog)).toHaveLength(3);
    } finally {
      await temp.cleanup();
    }
  });
});

describe('face settings', () => {
  it('index with the flip fusion setting the catalog holds', async () => {
    const temp = await makeTempDir('settings-flip');
    try {
      const input = path.join(temp.dir, 'in');
      await fs.mkdir(input);
      await fs.copyFile(path.join(demo, 'sample1.jpg'), path.join(input, 'sample1.jpg'));
      const vectors = async (catalog: string): Promise<Buffer[]> => {
        const result = await runCli(['import', input, '--catalog', catalog, '--json'], 240_000);
        expect(lastJson<ImportSummary>(result.stdout).faces).toBe(3);
        const db = new Database(path.join(catalog, 'catalog.db'), { readonly: true });
        const rows = db.prepare('SELECT vector FROM embeddings ORDER BY face_id').all() as Array<{
          vector: Buffer;
        }>;
        db.close();
        return rows.map((row) => row.vector);
      };
      const plain = await vectors(path.join(temp.dir, 'plain'));
      const fusedCatalog = path.join(temp.dir, 'fused');
      const set = await runCli(['settings', '--flip', '--catalog', fusedCatalog, '--json']);
      expect(lastJson(set.stdout)).toMatchObject({ flipFusion: true });
      const fused = await vectors(fusedCatalog);
      expect(fused).toHaveLength(plain.length);
      for (const [i, vector] of fused.entries()) expect(vector.equals(plain[i]!)).toBe(false);
    } finally {
      await temp.cleanup();
    }
  });
});
