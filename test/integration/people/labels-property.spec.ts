import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../../src-main/app/container';
import type { NewFace } from '../../../src-main/catalog/face.repository';
import { UserError } from '../../../src-main/util/errors';
import { seedPhoto } from '../../support/catalog-seed';
import { makeTempDir } from '../../support/temp';

const names = ['Ada', 'Ben', 'Cy', 'Dee'];

/** One label operation, drawn by fast-check: indexes into the catalog's faces and the name list. */
type Op =
  | { kind: 'assign'; faces: number[]; name: number }
  | { kind: 'confirm'; faces: number[] }
  | { kind: 'reject'; face: number; name: number }
  | { kind: 'merge'; from: number; into: number }
  | { kind: 'rename'; person: number; name: number }
  | { kind: 'hide'; person: number; hidden: boolean }
  | { kind: 'delete'; person: number }
  | { kind: 'dismiss'; faces: number[]; dismissed: boolean }
  | { kind: 'draw'; photo: number; x: number; name: number | null };

const faceCount = 14;
const faceIndex = fc.integer({ min: 0, max: faceCount - 1 });
const faceList = fc.uniqueArray(faceIndex, { minLength: 1, maxLength: 3 });
const nameIndex = fc.integer({ min: 0, max: names.length - 1 });
const personIndex = fc.integer({ min: 0, max: 5 });

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('assign' as const), faces: faceList, name: nameIndex }),
    weight: 5,
  },
  fc.record({ kind: fc.constant('confirm' as const), faces: faceList }),
  {
    arbitrary: fc.record({ kind: fc.constant('reject' as const), face: faceIndex, name: nameIndex }),
    weight: 2,
  },
  fc.record({ kind: fc.constant('merge' as const), from: nameIndex, into: nameIndex }),
  fc.record({ kind: fc.constant('rename' as const), person: personIndex, name: nameIndex }),
  fc.record({ kind: fc.constant('hide' as const), person: personIndex, hidden: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), person: personIndex }),
  fc.record({ kind: fc.constant('dismiss' as const), faces: faceList, dismissed: fc.boolean() }),
  fc.record({
    kind: fc.constant('draw' as const),
    photo: fc.integer({ min: 0, max: 7 }),
    x: fc.integer({ min: -20, max: 600 }),
    name: fc.option(nameIndex, { nil: null }),
  }),
);

/** What the real drawn-face pipeline computes for a box (landmarks, crop, embedding), faked: no network. */
function fakeDrawnFace(x: number): NewFace {
  return {
    box: { x, y: 40, width: 64, height: 80 },
    landmarks: [
      [x + 20, 70],
      [x + 44, 70],
    ],
    score: 1,
    quality: 0.4,
    wholeImage: false,
    crop: `media/faces/drawn-${x}.jpg`,
    embedding: new Float32Array(128).fill(0.088),
    detectorModel: null,
  };
}

/** Everything labeling may change, and the journal's position, as comparable text. */
function dump(app: Container): string {
  const all = (sql: string): unknown[] => app.db.prepare(sql).all();
  return JSON.stringify({
    people: all('SELECT id, name, hidden FROM people ORDER BY id'),
    faces: all('SELECT * FROM faces ORDER BY id'),
    embeddings: all('SELECT face_id, model_id, hex(vector) FROM embeddings ORDER BY 1, 2'),
    rejections: all('SELECT face_id, person_id FROM rejections ORDER BY 1, 2'),
    constraints: all('SELECT face_a, face_b, kind FROM constraints ORDER BY 1, 2'),
    journal: app.repositories.journal.position().done,
  });
}

function invariantViolations(app: Container): unknown[] {
  return [
    ...app.db
      .prepare(
        `SELECT person_id, photo_id, COUNT(*) AS n FROM faces WHERE person_id IS NOT NULL
         GROUP BY person_id, photo_id HAVING n > 1`,
      )
      .all(),
    ...app.db
      .prepare('SELECT f.id FROM faces f JOIN rejections r ON r.face_id = f.id AND r.person_id = f.person_id')
      .all(),
  ];
}

/** Applies one operation; a refused one (UserError) must change nothing. */
function apply(app: Container, faceIds: number[], step: Op): void {
  const peopleIds = (): number[] => app.peopleViews.people().map((p) => p.id);
  const faces = (indexes: number[]): number[] => indexes.map((i) => faceIds[i] as number);
  const person = (index: number): number => peopleIds()[index] ?? 999_999;
  const before = dump(app);
  try {
    const l = app.labeling;
    if (step.kind === 'assign') l.assign(faces(step.faces), names[step.name] as string);
    else if (step.kind === 'confirm') l.confirm(faces(step.faces));
    else if (step.kind === 'reject') l.reject([faceIds[step.face] as number], names[step.name] as string);
    else if (step.kind === 'merge') l.merge(names[step.from] as string, names[step.into] as string);
    else if (step.kind === 'rename') l.rename(person(step.person), names[step.name] as string);
    else if (step.kind === 'hide') l.hide(person(step.person), step.hidden);
    else if (step.kind === 'delete') l.deletePerson(person(step.person));
    else if (step.kind === 'dismiss') l.dismiss(faces(step.faces), step.dismissed);
    else {
      const photoId = app.repositories.photos.get(step.photo + 1) ? step.photo + 1 : 1;
      const name = step.name === null ? undefined : names[step.name];
      l.addFace(photoId, { width: 640, height: 480 }, fakeDrawnFace(step.x), name);
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    expect(dump(app), `refused ${JSON.stringify(step)} changed the catalog`).toBe(before);
  }
}

/** A catalog with photos of one to three faces, some suggested for a person (as clustering would). */
function seedCatalog(app: Container): number[] {
  const ids: number[] = [];
  for (let photo = 0; ids.length < faceCount; photo++) {
    const count = Math.min(1 + (photo % 3), faceCount - ids.length);
    const embeddings = Array.from({ length: count }, (_, i) => new Float32Array(128).fill(i / 10));
    ids.push(...seedPhoto(app, photo, embeddings));
  }
  const ada = app.repositories.people.findOrCreate('Ada');
  for (const faceId of [ids[0], ids[3]] as number[]) {
    const label = app.repositories.labels.label(faceId);
    if (label)
      app.repositories.labels.setLabel({
        ...label,
        personId: ada,
        assignment: 'suggested',
        by: 'auto',
        distance: 0.4,
      });
  }
  app.repositories.labels.addConstraint({ faceA: ids[1] as number, faceB: ids[2] as number, kind: 'cannot' });
  return ids;
}

describe('label operations (examples)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let ids: number[];
  beforeAll(async () => {
    temp = await makeTempDir('labels-examples');
    app = new Container({ catalogDir: temp.dir, shell: 'cli' }).boot();
    ids = seedCatalog(app);
  });
  afterAll(async () => {
    await app.shutdown();
    await temp.cleanup();
  });
  const id = (i: number): number => ids[i] as number;
  const personOf = (i: number): string | null =>
    app.peopleViews.faces().find((f) => f.id === id(i))?.person ?? null;

  it('merging keeps a face away from the person who rejected it', () => {
    // Photo 0 holds face 0; photo 1 faces 1-2; photo 2 faces 3-5.
    app.labeling.assign([id(0)], 'Ben');
    app.labeling.assign([id(1)], 'Cy');
    app.labeling.reject([id(0)], 'Cy');
    app.labeling.merge('Ben', 'Cy');
    expect(personOf(0)).toBeNull();
    expect(personOf(1)).toBe('Cy');
    expect(app.peopleViews.people().map((p) => p.name)).not.toContain('Ben');
    app.labeling.undo();
    expect(personOf(0)).toBe('Ben');
  });

  it('refuses to give one person two faces of a photo, and to merge two people seen together', () => {
    app.labeling.assign([id(3)], 'Dee');
    expect(() => app.labeling.assign([id(4)], 'Dee')).toThrow(/one face per photo/);
    expect(() => app.labeling.assign([id(4), id(5)], 'Eve')).toThrow(/same photo/);
    app.labeling.assign([id(4)], 'Eve');
    expect(() => app.labeling.merge('Eve', 'Dee')).toThrow(/one face per photo/);
  });

  it("a label drops the same person's suggestion on a photo-mate", () => {
    const ada = app.repositories.people.findOrCreate('Ada');
    const five = app.repositories.labels.label(id(5))!;
    app.repositories.labels.setLabel({
      ...five,
      personId: ada,
      assignment: 'suggested',
      by: 'auto',
      distance: 0.5,
    });
    app.labeling.assign([id(4)], 'Ada');
    expect(personOf(4)).toBe('Ada');
    expect(personOf(5)).toBeNull();
  });
});

describe('label operations (property)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('labels-property');
  });
  afterAll(() => temp.cleanup());

  it('keep the invariants, and undo restores everything exactly, also after reopening the catalog', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const catalogDir = path.join(temp.dir, `run-${run++}`);
        let app = new Container({ catalogDir, shell: 'cli' }).boot();
        const faceIds = seedCatalog(app);
        const initial = dump(app);
        for (const step of ops) {
          apply(app, faceIds, step);
          expect(invariantViolations(app), JSON.stringify(step)).toEqual([]);
        }
        const final = dump(app);
        const steps = app.repositories.journal.position().done;

        for (let i = 0; i < steps; i++) expect(app.labeling.undo().op).not.toBeNull();
        expect(app.labeling.undo().op).toBeNull();
        expect(dump(app)).toBe(initial);
        for (let i = 0; i < steps; i++) app.labeling.redo();
        expect(dump(app)).toBe(final);

        // The journal is in the catalog: a new process can undo it all again.
        await app.shutdown();
        app = new Container({ catalogDir, shell: 'cli' }).boot();
        expect(dump(app)).toBe(final);
        for (let i = 0; i < steps; i++) app.labeling.undo();
        expect(dump(app)).toBe(initial);
        for (let i = 0; i < steps; i++) app.labeling.redo();
        expect(dump(app)).toBe(final);
        await app.shutdown();
      }),
      { numRuns: 120 },
    );
  });
});
