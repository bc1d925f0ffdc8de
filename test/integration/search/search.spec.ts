import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '../../../src-main/app/container';
import { lfwDevTrain } from '../../../src-main/search/threshold';
import { projectRoot } from '../../support/cli';
import { seedPeople } from '../../support/people-fixture';
import { makeTempDir } from '../../support/temp';

/**
 * The search service on a seeded catalog (see people-fixture.ts): Ada has 3 labeled faces and 4 unlabeled
 * ones near her; Ben and Bea are siblings with 3 faces halfway between them; C, D and E are unnamed; X and
 * Y are strangers seen once.
 */
describe('search service', () => {
  let app: Container;
  let faces: Map<string, number[]>;
  let cleanup: () => Promise<void>;
  let catalogDir: string;
  const ids = (key: string): number[] => faces.get(key) ?? [];

  beforeAll(async () => {
    const temp = await makeTempDir('search');
    cleanup = temp.cleanup;
    catalogDir = path.join(temp.dir, 'catalog');
    ({ app, faces } = await seedPeople(temp.dir));
  });
  afterAll(async () => {
    await app.shutdown();
    await cleanup();
  });

  it('finds every face of a person, labeled or not, and no one else', async () => {
    const result = await app.search.byPerson('Ada');
    const found = result.hits.map((h) => h.faceId).sort((a, b) => a - b);
    expect(found).toEqual([...ids('Ada')].sort((a, b) => a - b));
    const labeled = result.hits.filter((h) => h.labeled);
    expect(labeled.map((h) => h.distance)).toEqual([0, 0, 0]);
    for (const hit of result.hits.filter((h) => !h.labeled)) {
      expect(hit.why?.person).toBe('Ada');
      expect(hit.distance).toBeLessThanOrEqual(result.threshold.value);
      // The explanation is the labeled faces the distance is the mean of, all Ada's.
      const nearest = hit.why?.nearest ?? [];
      expect(nearest.every((e) => ids('Ada').slice(0, 3).includes(e.faceId))).toBe(true);
      const mean = nearest.reduce((sum, e) => sum + e.distance, 0) / nearest.length;
      expect(hit.distance).toBeCloseTo(mean, 9);
    }
  });

  it('leaves the faces between two siblings to neither (the margin)', async () => {
    const ben = (await app.search.byPerson('Ben')).hits.map((h) => h.faceId);
    const bea = (await app.search.byPerson('Bea')).hits.map((h) => h.faceId);
    expect(ben).toEqual(expect.arrayContaining(ids('Ben')));
    expect(bea).toEqual(expect.arrayContaining(ids('Bea')));
    for (const face of ids('Ben|Bea')) {
      expect(ben.includes(face) && bea.includes(face)).toBe(false);
    }
    expect(ben.some((f) => bea.includes(f))).toBe(false);
  });

  it('answers unknown for a stranger, with the nearest person as the reason', async () => {
    const [stranger] = ids('X');
    const result = await app.search.byFace(stranger as number);
    const [face] = result.faces;
    expect(face?.person).toBeNull();
    expect(face?.why?.named).toBe(false);
    expect(face?.distance).toBeGreaterThan(result.threshold.value);
  });

  it('names an unlabeled face of a person and lists its matches nearest first', async () => {
    const query = ids('Ada')[5] as number;
    const result = await app.search.byFace(query, { top: 4 });
    const [face] = result.faces;
    expect(face?.person).toBe('Ada');
    expect(face?.faceId).toBe(query);
    const matches = face?.matches ?? [];
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.length).toBeLessThanOrEqual(4);
    expect(matches.map((m) => m.faceId)).not.toContain(query);
    expect(matches.every((m) => ids('Ada').includes(m.faceId))).toBe(true);
    const distances = matches.map((m) => m.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('uses the LFW open-set default with too few labeled people, and says so', () => {
    const view = app.search.calibration();
    expect(view.labeledPeople).toBe(3);
    expect(view.threshold).toMatchObject({
      source: 'lfw-default',
      fewLabels: true,
      value: lfwDevTrain.thresholdAtFar1e3,
    });
    expect(view.curve.length).toBeGreaterThan(10);
  });

  it('takes a distance or a target false-accept rate instead', async () => {
    const given = await app.search.byPerson('Ada', { threshold: 0.01 });
    expect(given.threshold.source).toBe('given');
    expect(given.hits.every((h) => h.labeled)).toBe(true);
    const far = app.search.calibration({ far: 1e-2 });
    expect(far.threshold.source).toBe('far');
    expect(far.threshold.value).toBeGreaterThan(lfwDevTrain.thresholdAtFar1e3);
  });

  it('filters results by folder and capture date', async () => {
    const elsewhere = await app.search.byPerson('Ada', { folder: '/nowhere' });
    expect(elsewhere.hits).toEqual([]);
    const dated = await app.search.byPerson('Ada', { from: '2000-01-01' });
    expect(dated.hits).toEqual([]); // the seeded photos have no capture date
  });

  it('calibrates on the catalog once enough people are labeled, strangers still unknown', async () => {
    app.labeling.assign(ids('C'), 'C');
    app.labeling.assign(ids('D'), 'D');
    app.labeling.assign(ids('E'), 'E');
    const view = app.search.calibration();
    expect(view.threshold.source).toBe('catalog');
    expect(view.threshold.fewLabels).toBe(false);
    expect(view.threshold.far).toBeLessThanOrEqual(1e-3 + 1e-6);
    expect(view.impostorPairs).toBeGreaterThanOrEqual(200);
    for (const key of ['X', 'Y']) {
      const [face] = (await app.search.byFace(ids(key)[0] as number)).faces;
      expect(face?.person).toBeNull();
    }
    expect((await app.search.byPerson('Ada')).hits).toHaveLength(7);
  });

  it('searches a photo from outside the catalog without saving anything', async () => {
    const bytes = await fs.readFile(
      path.join(projectRoot, 'node_modules/@vladmandic/face-api/demo/sample1.jpg'),
    );
    const before = app.library.stats();
    const crops = await fs.readdir(path.join(catalogDir, 'media/faces'));
    const result = await app.search.byPhoto(bytes);
    expect(result.faces.length).toBeGreaterThanOrEqual(3);
    for (const face of result.faces) {
      expect(face.faceId).toBeNull();
      expect(face.crop).toMatch(/^data:image\/jpeg;base64,/);
      expect(face.person).toBeNull(); // real faces are nobody among the drawn people
    }
    expect(app.library.stats()).toMatchObject({ photos: before.photos, faces: before.faces });
    expect(await fs.readdir(path.join(catalogDir, 'media/faces'))).toEqual(crops);
    await expect(app.search.byPhoto(Buffer.from('not a photo'))).rejects.toThrow(/not an image/);
  });
});
