import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lfwDevTrain } from '../../../src-main/search/threshold';
import { lastJson, projectRoot, runCli } from '../../support/cli';
import { seedPeople } from '../../support/people-fixture';
import { makeTempDir } from '../../support/temp';

/** The JSON shapes issue #11 promises, field for field. */
interface PhotoSearchJson {
  threshold: number;
  metric: string;
  faces: Array<{
    box: [number, number, number, number];
    person: string | null;
    distance: number;
    matches: Array<{ faceId: number; photoPath: string; person: string | null; distance: number }>;
  }>;
}
interface PersonSearchJson {
  photos: Array<{ photoPath: string; faceId: number; distance: number }>;
}

const sample = path.join(projectRoot, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');

/**
 * `faceatlas search` on the seeded people catalog (people-fixture.ts: Ada has 3 labeled and 4 unlabeled
 * faces) plus face-api's demo photo of three real people, imported with real detection and embedding, one
 * of whom is labeled "Alice".
 */
describe('faceatlas search', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let catalog: string;
  let real: string;
  let aliceFace: number;
  const search = (...args: string[]) => runCli(['search', ...args, '--catalog', catalog]);

  beforeAll(async () => {
    temp = await makeTempDir('search-cli');
    catalog = path.join(temp.dir, 'catalog');
    real = path.join(temp.dir, 'real');
    await fs.mkdir(real);
    await fs.copyFile(sample, path.join(real, 'sample1.jpg'));
    const { app } = await seedPeople(temp.dir);
    try {
      const job = await app.jobs.waitFor(
        app.imports.start({ folders: [real], labelsFromFolders: false, indexFaces: true }),
      );
      expect(job.state).toBe('done');
      const photo = app.repositories.photos.findFile(path.join(real, 'sample1.jpg'));
      const faces = app.repositories.faces.ofPhoto(photo?.photoId ?? -1);
      expect(faces).toHaveLength(3);
      aliceFace = faces[0]!.id;
      app.labeling.assign([aliceFace], 'Alice');
    } finally {
      await app.shutdown();
    }
  });
  afterAll(async () => {
    await temp?.cleanup();
  });

  it('--photo names the labeled face, finds every face in the catalog and keeps to the promised shape', async () => {
    const result = await search('--photo', sample, '--top', '1', '--json');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^search: threshold 0\.386 euclidean \(lfw-default\)/m);
    const json = lastJson<PhotoSearchJson>(result.stdout);
    expect(Object.keys(json)).toEqual(['threshold', 'metric', 'faces']);
    expect(json.threshold).toBe(lfwDevTrain.thresholdAtFar1e3);
    expect(json.metric).toBe('euclidean');
    expect(json.faces).toHaveLength(3);
    for (const face of json.faces) {
      expect(Object.keys(face)).toEqual(['box', 'person', 'distance', 'matches']);
      expect(face.box).toHaveLength(4);
      expect(face.box.every((v) => Number.isInteger(v))).toBe(true);
      expect(typeof face.distance).toBe('number');
      // --top 1: each face's one match is its own copy in the catalog.
      expect(face.matches).toHaveLength(1);
      const [match] = face.matches;
      expect(Object.keys(match!)).toEqual(['faceId', 'photoPath', 'person', 'distance']);
      expect(match?.photoPath).toBe(path.join(real, 'sample1.jpg'));
      expect(match?.distance).toBeLessThan(0.05);
    }
    const named = json.faces.filter((face) => face.person !== null);
    expect(named.map((face) => face.person)).toEqual(['Alice']);
    expect(named[0]?.matches[0]).toMatchObject({ faceId: aliceFace, person: 'Alice' });
    expect(named[0]?.distance).toBeLessThan(0.05);
    // The others are nobody labeled: unknown, with the distance to the nearest person beyond the threshold.
    for (const face of json.faces.filter((f) => f.person === null)) {
      expect(face.distance).toBeGreaterThan(json.threshold);
      expect(face.matches[0]?.person).toBeNull();
    }
  });

  it('--person lists every photo of a person, labeled first, in the promised shape', async () => {
    const result = await search('--person', 'Ada', '--json');
    expect(result.code).toBe(0);
    const json = lastJson<PersonSearchJson>(result.stdout);
    expect(Object.keys(json)).toEqual(['photos']);
    expect(json.photos).toHaveLength(7);
    for (const photo of json.photos) {
      expect(Object.keys(photo)).toEqual(['photoPath', 'faceId', 'distance']);
      expect(photo.photoPath).toMatch(/\/photos\/p0\d\.jpg$/);
    }
    const distances = json.photos.map((p) => p.distance);
    expect(distances.slice(0, 3)).toEqual([0, 0, 0]);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));

    const alice = lastJson<PersonSearchJson>((await search('--person', 'Alice', '--json')).stdout);
    expect(alice.photos).toEqual([
      { photoPath: path.join(real, 'sample1.jpg'), faceId: aliceFace, distance: 0 },
    ]);
  });

  it('honours --threshold, --far, --top and the filters', async () => {
    const tight = await search('--person', 'Ada', '--threshold', '0.01', '--json');
    expect(tight.stderr).toMatch(/threshold 0\.010 euclidean \(given\)/);
    expect(lastJson<PersonSearchJson>(tight.stdout).photos.map((p) => p.distance)).toEqual([0, 0, 0]);

    const loose = await search('--person', 'Ada', '--far', '0.01', '--json');
    expect(loose.code).toBe(0);
    const far = /threshold (\d\.\d+) euclidean \(far\)/.exec(loose.stderr);
    expect(Number(far?.[1])).toBeGreaterThan(lfwDevTrain.thresholdAtFar1e3);

    const top = lastJson<PersonSearchJson>((await search('--person', 'Ada', '--top', '2', '--json')).stdout);
    expect(top.photos).toHaveLength(2);
    const folder = await search('--person', 'Ada', '--folder', real, '--json');
    expect(lastJson<PersonSearchJson>(folder.stdout).photos).toEqual([]);
  });

  it('fails clearly on a file that is not a photo, a missing file and a bad call', async () => {
    const text = path.join(temp.dir, 'notes.txt');
    await fs.writeFile(text, 'not a photo at all');
    const notPhoto = await search('--photo', text, '--json');
    expect(notPhoto.code).toBe(1);
    expect(notPhoto.stdout).toBe('');
    expect(notPhoto.stderr).toMatch(/^faceatlas: not an image$/m);

    const missing = await search('--photo', path.join(temp.dir, 'missing.jpg'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/faceatlas: cannot read .*missing\.jpg/);

    const both = await search('--person', 'Ada', '--threshold', '0.3', '--far', '0.01');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give --threshold or --far, not both/);

    const nobody = await search('--person', 'Nobody', '--json');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/no person named "Nobody"/);
  });

  it('index --rebuild-search rebuilds the search index and says how long it took', async () => {
    const result = await runCli(['index', '--rebuild-search', '--catalog', catalog, '--json']);
    expect(result.code).toBe(0);
    const json = lastJson<{ faces: number; ms: number }>(result.stdout);
    expect(Object.keys(json)).toEqual(['faces', 'ms']);
    expect(json.faces).toBe(39); // 36 drawn faces and the demo photo's 3
    expect(Number.isInteger(json.ms)).toBe(true);
  });
});
