import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../../src-main/app/container';
import { exportDataset, labelsFile } from '../../../src-main/people/dataset-export';
import { seedPhoto } from '../../support/catalog-seed';
import { makeTempDir } from '../../support/temp';

/** A generated catalog: Ada with 3 faces (one automatic), "B/en" with 1, one unlabeled face. */
describe('dataset export', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let catalogDir: string;
  let ids: number[];

  beforeAll(async () => {
    temp = await makeTempDir('export');
    catalogDir = path.join(temp.dir, 'catalog');
    app = new Container({ catalogDir, shell: 'cli' }).boot();
    const vector = new Float32Array(128).fill(0.088);
    ids = [0, 1, 2, 3].flatMap((i) => seedPhoto(app, i, i === 3 ? [vector, vector] : [vector]));
    for (const face of app.repositories.labels.labels(ids)) {
      const crop = app.db.prepare('SELECT crop FROM faces WHERE id = ?').get(face.id) as { crop: string };
      await fs.mkdir(path.dirname(path.join(catalogDir, crop.crop)), { recursive: true });
      await fs.writeFile(path.join(catalogDir, crop.crop), `crop of face ${face.id}`);
    }
    const [a0, a1, a2, b] = ids as [number, number, number, number];
    app.labeling.assign([a0, a1], 'Ada');
    app.labeling.assign([b], 'B/en');
    const ada = app.repositories.people.findByName('Ada') as number;
    app.repositories.clusters.setDerivedLabel(a2, ada, 'confirmed', 0.3);
  });

  afterAll(async () => {
    await app.shutdown();
    await temp.cleanup();
  });

  it('writes a folder per person with the crops, and a CSV naming each file, person, photo and box', async () => {
    const out = path.join(temp.dir, 'all');
    expect(
      await exportDataset(app.repositories.labels, catalogDir, { out, minFaces: 1, confirmedOnly: false }),
    ).toEqual({
      people: 2,
      faces: 4,
    });
    expect((await fs.readdir(out)).sort()).toEqual(['Ada', 'B_en', labelsFile]);
    expect((await fs.readdir(path.join(out, 'Ada'))).sort()).toEqual(
      [ids[0], ids[1], ids[2]].map((id) => `${id}.jpg`).sort(),
    );
    expect(await fs.readFile(path.join(out, 'Ada', `${ids[0]}.jpg`), 'utf8')).toBe(`crop of face ${ids[0]}`);
    const csv = (await fs.readFile(path.join(out, labelsFile), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('file,person,photo_path,x,y,width,height');
    expect(csv).toContain(`B_en/${ids[3]}.jpg,B/en,/photos/p3.jpg,10,10,100,120`);
    expect(csv).toHaveLength(5);
  });

  it('leaves out automatic labels with --confirmed-only, and small people with --min-faces', async () => {
    const out = path.join(temp.dir, 'truth');
    const summary = await exportDataset(app.repositories.labels, catalogDir, {
      out,
      minFaces: 2,
      confirmedOnly: true,
    });
    expect(summary).toEqual({ people: 1, faces: 2 });
    expect((await fs.readdir(path.join(out, 'Ada'))).sort()).toEqual(
      [`${ids[0]}.jpg`, `${ids[1]}.jpg`].sort(),
    );
  });

  it('refuses a folder that already holds files', async () => {
    const out = path.join(temp.dir, 'busy');
    await fs.mkdir(out);
    await fs.writeFile(path.join(out, 'keep.txt'), 'mine');
    await expect(
      exportDataset(app.repositories.labels, catalogDir, { out, minFaces: 1, confirmedOnly: false }),
    ).rejects.toThrow(/not empty/);
    expect(await fs.readFile(path.join(out, 'keep.txt'), 'utf8')).toBe('mine');
  });
});
