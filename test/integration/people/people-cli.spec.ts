import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceLabelView, PersonSummary } from '../../../src-main/people/people-views';
import { readCatalogDb } from '../../support/catalog-db';
import { lastJson, runCli } from '../../support/cli';
import { makeTempDir } from '../../support/temp';

const demo = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);

/**
 * The people commands on face-api's demo photos (sample1.jpg: 3 faces, sample4.jpg: 4 faces), and labels
 * surviving a re-index with other detector settings.
 */
describe('people from the command line', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let catalog: string;
  const cli = async <T>(...args: string[]): Promise<T> => {
    const result = await runCli([...args, '--catalog', catalog, '--json'], 240_000);
    expect(result.code, result.stderr).toBe(0);
    return lastJson<T>(result.stdout);
  };
  const failing = async (...args: string[]): Promise<string> => {
    const result = await runCli([...args, '--catalog', catalog, '--json']);
    expect(result.code).toBe(1);
    return result.stderr.trim();
  };
  let faces: FaceLabelView[];
  const inPhoto = (name: string): FaceLabelView[] => faces.filter((f) => f.photoPath.endsWith(name));

  beforeAll(async () => {
    temp = await makeTempDir('people-cli');
    const input = path.join(temp.dir, 'in');
    catalog = path.join(temp.dir, 'catalog');
    await fs.mkdir(input, { recursive: true });
    for (const name of ['sample1.jpg', 'sample4.jpg'])
      await fs.copyFile(path.join(demo, name), path.join(input, name));
    await cli('import', input);
    faces = await cli<FaceLabelView[]>('faces');
  });

  afterAll(() => temp.cleanup());

  it('lists faces in the documented shape', () => {
    expect(inPhoto('sample1.jpg')).toHaveLength(3);
    expect(inPhoto('sample4.jpg')).toHaveLength(4);
    for (const face of faces) {
      expect(Object.keys(face).sort()).toEqual(
        ['assignment', 'box', 'by', 'clusterId', 'id', 'person', 'personId', 'photoPath', 'score'].sort(),
      );
      expect(face.box).toHaveLength(4);
      expect(path.isAbsolute(face.photoPath)).toBe(true);
    }
  });

  it('labels, refuses a second face of one photo, rejects, merges, undoes and redoes', async () => {
    const [a, b] = inPhoto('sample1.jpg') as [FaceLabelView, FaceLabelView];
    const [c, d] = inPhoto('sample4.jpg') as [FaceLabelView, FaceLabelView];
    await cli('label', '--face', String(a.id), '--person', 'Alice');
    await cli('label', '--face', String(c.id), '--person', 'Alice');
    await cli('label', '--face', String(b.id), '--person', 'Bob');
    expect(await failing('label', '--face', String(d.id), '--person', 'Alice')).toMatch(/one face per photo/);
    await cli('reject', '--face', String(d.id), '--person', 'Bob');
    expect(await failing('merge', '--person', 'Bob', '--into', 'Alice')).toMatch(/one face per photo/);

    expect(await cli<PersonSummary[]>('people')).toEqual([
      { id: expect.any(Number) as number, name: 'Alice', faces: 2 },
      { id: expect.any(Number) as number, name: 'Bob', faces: 1 },
    ]);
    const alice = await cli<FaceLabelView[]>('faces', '--person', 'Alice', '--confirmed-only');
    // In face id order (which photo's faces came first depends on which decoded first).
    expect(alice.map((f) => [f.id, f.assignment, f.by])).toEqual(
      [a.id, c.id].sort((x, y) => x - y).map((id) => [id, 'confirmed', 'user']),
    );
    const rejected = (await cli<FaceLabelView[]>('faces')).find((f) => f.id === d.id);
    expect(rejected).toMatchObject({ personId: null, assignment: 'rejected' });

    expect(await cli('undo')).toMatchObject({ op: 'reject' });
    expect((await cli<FaceLabelView[]>('faces')).find((f) => f.id === d.id)?.assignment).toBeNull();
    expect(await cli('redo')).toMatchObject({ op: 'reject' });
    expect(await cli('redo')).toMatchObject({ op: null });
    expect(await cli<{ people: number }>('stats')).toMatchObject({ people: 2 });
    const out = path.join(temp.dir, 'dataset');
    expect(await cli('export', '--out', out, '--min-faces', '2', '--confirmed-only')).toEqual({
      people: 1,
      faces: 2,
    });
    expect((await fs.readdir(path.join(out, 'Alice'))).sort()).toEqual([`${a.id}.jpg`, `${c.id}.jpg`].sort());
  });

  it('adds a face drawn on a photo, computed like a detected one, and undo removes it', async () => {
    const photoId = readCatalogDb(
      catalog,
      (db) => (db.prepare(`SELECT id FROM photos WHERE path LIKE '%sample4.jpg'`).get() as { id: number }).id,
    );
    const known = inPhoto('sample4.jpg')[0] as FaceLabelView;
    const [x, y, w, h] = known.box.map(Math.round) as [number, number, number, number];
    expect(await failing('add-face', '--photo', String(photoId), '--box', '-5,0,50,50')).toMatch(
      /must lie inside/,
    );
    const added = await cli<{ op: string; personId: number }>(
      'add-face',
      '--photo',
      String(photoId),
      '--box',
      `${x},${y},${w},${h}`,
      '--person',
      'Drawn',
    );
    expect(added.op).toBe('add-face');
    const drawn = (await cli<FaceLabelView[]>('faces', '--person', 'Drawn'))[0];
    expect(drawn).toMatchObject({ person: 'Drawn', assignment: 'confirmed', by: 'user', score: 1 });
    // Drawn over a detected face, it embeds as that face does (same person: distance well under 0.4).
    const distance = readCatalogDb(catalog, (db) => {
      const vector = (id: number): Float32Array => {
        const blob = (
          db.prepare('SELECT vector FROM embeddings WHERE face_id = ?').get(id) as { vector: Buffer }
        ).vector;
        return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
      };
      const [a, b] = [vector(known.id), vector(drawn!.id)];
      return Math.hypot(...a.map((v, i) => v - (b[i] as number)));
    });
    expect(distance).toBeLessThan(0.4);
    expect(await cli('undo')).toMatchObject({ op: 'add-face' });
    expect((await cli<FaceLabelView[]>('faces')).some((f) => f.id === drawn!.id)).toBe(false);
    expect((await cli<PersonSummary[]>('people')).map((p) => p.name)).not.toContain('Drawn');
  });

  it('keeps every confirmed label, rejection and constraint through a re-index with other settings', async () => {
    const [a, b] = inPhoto('sample1.jpg') as [FaceLabelView, FaceLabelView];
    const d = inPhoto('sample4.jpg')[1] as FaceLabelView;
    // Constraints have no command yet (the review UI adds them): written as it would.
    const db = new Database(path.join(catalog, 'catalog.db'));
    db.prepare(`INSERT INTO constraints (face_a, face_b, kind) VALUES (?, ?, 'cannot')`).run(a.id, b.id);
    db.close();
    // The user's labels (automatic ones may come and go as suggestions are recomputed after indexing).
    const userLabels = (list: FaceLabelView[]): Array<[number, string | null]> =>
      list.filter((f) => f.assignment === 'confirmed' && f.by === 'user').map((f) => [f.id, f.person]);
    const labelsBefore = userLabels(await cli<FaceLabelView[]>('faces', '--confirmed-only'));

    await cli('settings', '--detector', 'tiny', '--min-confidence', '0.3');
    await cli('index', '--all');

    const after = await cli<FaceLabelView[]>('faces');
    expect(labelsBefore).toHaveLength(3);
    expect(userLabels(after)).toEqual(labelsBefore);
    expect(after.find((f) => f.id === d.id)?.assignment).toBe('rejected');
    const constraints = readCatalogDb(catalog, (catalogDb) =>
      catalogDb.prepare('SELECT face_a AS a, face_b AS b FROM constraints').all(),
    );
    expect(constraints).toEqual([{ a: Math.min(a.id, b.id), b: Math.max(a.id, b.id) }]);
    const detectors = readCatalogDb(catalog, (catalogDb) =>
      catalogDb
        .prepare(
          `SELECT DISTINCT m.name FROM faces f JOIN models m ON m.id = f.detector_model
           WHERE f.id NOT IN (${[a.id, b.id, d.id].join(',')})`,
        )
        .all(),
    );
    // Faces the tiny detector found again say so; the kept (labeled) ones may still name SSD.
    expect(detectors).toContainEqual({ name: 'tiny-face-detector' });
  });
});
