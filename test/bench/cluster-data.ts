/**
 * Real embeddings for the cluster bench: each dataset is imported once with the real CLI into a catalog
 * under the temp folder (never into the project), then read back read-only. The truth (the person) comes
 * from the file path and is never shown to the algorithms.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { spawnCli } from '../support/cli';
import { datasetsDir, exists } from './bench-support';

/** The faces of one dataset (or a part of it), with their truth. */
export interface LabeledFaces {
  name: string;
  vectors: Float32Array;
  dim: number;
  /** Catalog photo id of each face. */
  photoIds: Int32Array;
  /** Person index of each face's photo (into `people`). */
  truth: Int32Array;
  people: string[];
  /**
   * 1 for the most confident face of its photo: the only face the truth applies to (another face in the
   * photo is someone else, of unknown identity). All faces are clustered; only these are scored.
   */
  primary: Uint8Array;
  /** Photos with no face at all (nothing detected): absent from clustering and scoring. */
  photosWithoutFaces: number;
}

/** Where the bench keeps its catalogs; reused between runs. */
export const catalogsDir =
  process.env.FACEATLAS_BENCH_CATALOGS ?? path.join(os.tmpdir(), 'faceatlas-cluster-bench');

/** The catalog of `folder`, imported with the real CLI (faces on) unless a catalog is already there. */
export async function ensureCatalog(name: string, folder: string): Promise<string> {
  const catalog = path.join(catalogsDir, name);
  if (await exists(path.join(catalog, 'catalog.db'))) return catalog;
  await fs.mkdir(catalogsDir, { recursive: true });
  console.error(`cluster bench: importing ${folder} into ${catalog} (once; later runs reuse it)`);
  const child = spawnCli(['import', folder, '--catalog', catalog, '--json']);
  child.stderr?.pipe(process.stderr);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`cluster bench: import of ${folder} exited with ${code}`);
  return catalog;
}

/** Reads every face with an embedding; `personOf` maps a photo's path to its person. */
export function readCatalog(name: string, catalog: string, personOf: (file: string) => string): LabeledFaces {
  const db = new Database(path.join(catalog, 'catalog.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT f.photo_id AS photoId, f.score AS score, p.path AS path, e.vector AS vector
           FROM faces f JOIN photos p ON p.id = f.photo_id
           JOIN embeddings e ON e.face_id = f.id
           JOIN models m ON m.id = e.model_id AND m.role = 'embedder'
          ORDER BY p.path, f.score DESC, f.id`,
      )
      .all() as Array<{ photoId: number; score: number; path: string; vector: Buffer }>;
    const { count } = db
      .prepare(
        'SELECT COUNT(*) AS count FROM photos p WHERE NOT EXISTS (SELECT 1 FROM faces f WHERE f.photo_id = p.id)',
      )
      .get() as { count: number };
    const dim = rows.length > 0 ? rows[0]!.vector.byteLength / 4 : 128;
    const vectors = new Float32Array(rows.length * dim);
    const people: string[] = [];
    const personIndex = new Map<string, number>();
    const truth = new Int32Array(rows.length);
    const primary = new Uint8Array(rows.length);
    rows.forEach((row, i) => {
      // Copy: the blob's bytes need not be 4-aligned for a Float32Array view.
      vectors.set(new Float32Array(new Uint8Array(row.vector).buffer), i * dim);
      const person = personOf(row.path);
      if (!personIndex.has(person)) personIndex.set(person, people.push(person) - 1);
      truth[i] = personIndex.get(person)!;
      primary[i] = i === 0 || rows[i - 1]!.photoId !== row.photoId ? 1 : 0; // rows of a photo: best first
    });
    return {
      name,
      vectors,
      dim,
      photoIds: Int32Array.from(rows, (row) => row.photoId),
      truth,
      people,
      primary,
      photosWithoutFaces: count,
    };
  } finally {
    db.close();
  }
}

/** The faces whose photo belongs to one of `people`. */
export function facesOf(faces: LabeledFaces, name: string, keep: (person: string) => boolean): LabeledFaces {
  const indices = [...faces.truth.keys()].filter((i) => keep(faces.people[faces.truth[i]!]!));
  return pick(faces, name, indices);
}

/** A subset of faces by index, in the given order. */
export function pick(faces: LabeledFaces, name: string, indices: number[]): LabeledFaces {
  const { dim } = faces;
  const vectors = new Float32Array(indices.length * dim);
  indices.forEach((i, at) => vectors.set(faces.vectors.subarray(i * dim, (i + 1) * dim), at * dim));
  return {
    name,
    vectors,
    dim,
    photoIds: Int32Array.from(indices, (i) => faces.photoIds[i]!),
    truth: Int32Array.from(indices, (i) => faces.truth[i]!),
    people: faces.people,
    primary: Uint8Array.from(indices, (i) => faces.primary[i]!),
    photosWithoutFaces: faces.photosWithoutFaces,
  };
}

/** The people named in an LFW View 1 pairs file (`name n1 n2` or `name1 n1 name2 n2` after a count). */
export async function pairsPeople(file: string): Promise<Set<string>> {
  const lines = (await fs.readFile(file, 'utf8')).trim().split('\n').slice(1);
  const people = new Set<string>();
  for (const line of lines) {
    const fields = line.trim().split('\t');
    people.add(fields[0]!);
    if (fields.length === 4) people.add(fields[2]!);
  }
  return people;
}

/** Truth rules: the folder name for LFW and ORL, the file name prefix (`subjectNN`) for Yale. */
export const personByFolder = (file: string): string => path.basename(path.dirname(file));
export const personByPrefix = (file: string): string => path.basename(file).split('.')[0]!;

/** The sets the bench reports on; undefined when LFW View 1 is missing. */
export interface BenchSets {
  lfw: LabeledFaces;
  devTrain: LabeledFaces;
  devTest: LabeledFaces;
  /** ORL and Yale, where present. */
  extra: LabeledFaces[];
}

/** Imports (once) and reads LFW, ORL and Yale; `limit` keeps the first faces of each (quick runs). */
export async function loadSets(limit?: number): Promise<BenchSets | undefined> {
  const lfwFolder = path.join(datasetsDir, 'lfw-view1');
  if (!(await exists(path.join(lfwFolder, 'images')))) return undefined;
  const cut = (faces: LabeledFaces): LabeledFaces =>
    limit ? pick(faces, faces.name, [...faces.truth.keys()].slice(0, limit)) : faces;
  const lfw = cut(
    readCatalog('LFW', await ensureCatalog('lfw', path.join(lfwFolder, 'images')), personByFolder),
  );
  const extra: LabeledFaces[] = [];
  for (const [name, folder, personOf] of [
    ['ORL', 'orl', personByFolder],
    ['Yale', 'yale', personByPrefix],
  ] as const) {
    const dir = path.join(datasetsDir, folder);
    if (await exists(dir)) extra.push(cut(readCatalog(name, await ensureCatalog(folder, dir), personOf)));
  }
  const trainPeople = await pairsPeople(path.join(lfwFolder, 'pairsDevTrain.txt'));
  const testPeople = await pairsPeople(path.join(lfwFolder, 'pairsDevTest.txt'));
  return {
    lfw,
    devTrain: facesOf(lfw, 'LFW DevTrain', (person) => trainPeople.has(person)),
    devTest: facesOf(lfw, 'LFW DevTest', (person) => testPeople.has(person)),
    extra,
  };
}
