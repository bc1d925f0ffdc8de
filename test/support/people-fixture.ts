import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { Container } from '../../src-main/app/container';
import { seededRandom } from '../../src-main/util/seeded-random';
import type { NewFace } from '../../src-main/catalog/face.repository';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { projectRoot } from './cli';

/**
 * A catalog of drawn (not photographed) people for the People UI's end-to-end tests: each person is a
 * cartoon face of their own colour with their letter on it, and an embedding near their own random centre,
 * so clustering, suggestions and look-alikes behave as they do on real faces, with no model run.
 *
 * - Ada (7 photos): 3 labeled by the user, the rest close to her (automatic labels or suggestions).
 * - Ben and Bea, siblings (look-alikes: centres 0.45 apart), 4 labeled faces each, and 3 faces halfway
 *   between them: close calls for the review queue.
 * - Three unnamed people of 8, 5 and 3 faces (C, D, E): clusters to name.
 * - Two strangers seen once, and one group photo with a face of C and one of D (never one cluster).
 */
export interface PeopleFixture {
  app: Container;
  host: RunningHost;
  /** The built renderer's URL with the session token, as `faceatlas serve` prints it. */
  url: string;
  /** Face ids by who they really are (`Ada`, `Ben`, `Bea`, `Ben|Bea` for the close calls, `C`...). */
  faces: Map<string, number[]>;
  close(): Promise<void>;
}

const dim = 128;
const colours: Record<string, string> = {
  Ada: '#e07a5f',
  Ben: '#3d85c6',
  Bea: '#6fa8dc',
  'Ben|Bea': '#5b97d1',
  C: '#81b29a',
  D: '#f2cc8f',
  E: '#9c6ade',
  X: '#999999',
  Y: '#666666',
};

function normalise(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-9)) * Math.cos(2 * Math.PI * next());
}

/** A face of someone: their centre plus noise that puts faces of one person about 0.3 apart. */
function faceNear(centre: Float32Array, next: () => number, spread = 0.019): Float32Array {
  return normalise(centre.map((x) => x + spread * gaussian(next)));
}

function randomCentre(next: () => number): Float32Array {
  return normalise(Float32Array.from({ length: dim }, () => gaussian(next)));
}

/** Moves `from` towards `to` until the two are `distance` apart (both unit vectors). */
function between(from: Float32Array, to: Float32Array, t: number): Float32Array {
  return normalise(from.map((x, i) => x * (1 - t) + (to[i] as number) * t));
}

/** A cartoon face of each given person, side by side, on a 640x480 photo; boxes in photo pixels. */
function photoSvg(who: string[], label: string): { svg: string; boxes: NewFace['box'][] } {
  const boxes = who.map((_, i) => ({ x: 60 + i * 300, y: 90, width: 220, height: 280 }));
  const faces = who
    .map((key, i) => {
      const { x, y, width, height } = boxes[i] as NewFace['box'];
      const cx = x + width / 2;
      const cy = y + height / 2;
      return `<ellipse cx="${cx}" cy="${cy}" rx="${width / 2 - 10}" ry="${height / 2 - 10}" fill="${colours[key] ?? '#888'}"/>
        <circle cx="${cx - 45}" cy="${cy - 30}" r="14" fill="#222"/><circle cx="${cx + 45}" cy="${cy - 30}" r="14" fill="#222"/>
        <path d="M ${cx - 50} ${cy + 60} Q ${cx} ${cy + 95} ${cx + 50} ${cy + 60}" stroke="#222" stroke-width="8" fill="none"/>
        <text x="${cx}" y="${cy + 20}" font-size="54" font-family="sans-serif" text-anchor="middle" fill="#fff">${key.replace('|', '')}</text>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="#d9e2ec"/>${faces}
    <text x="10" y="470" font-size="18" font-family="sans-serif" fill="#334">${label}</text></svg>`;
  return { svg, boxes };
}

/** The seeded catalog (see PeopleFixture), without a host: for tests below the UI. */
export interface SeededPeople {
  app: Container;
  faces: Map<string, number[]>;
}

/** Seeds a catalog under `dir` (photos in `dir/photos`) and clusters it. Shut `app` down when done. */
export async function seedPeople(dir: string): Promise<SeededPeople> {
  const catalogDir = path.join(dir, 'catalog');
  const photoDir = path.join(dir, 'photos');
  await fs.mkdir(photoDir, { recursive: true });
  const app = new Container({ catalogDir, shell: 'host' }).boot();
  const next = seededRandom(7);
  const centres = new Map<string, Float32Array>();
  for (const key of ['Ada', 'Ben', 'C', 'D', 'E', 'X', 'Y']) centres.set(key, randomCentre(next));
  centres.set('Bea', between(centres.get('Ben') as Float32Array, randomCentre(next), 0.3));
  centres.set(
    'Ben|Bea',
    between(centres.get('Ben') as Float32Array, centres.get('Bea') as Float32Array, 0.5),
  );

  const photos: string[][] = [
    ...Array.from({ length: 7 }, () => ['Ada']),
    ...Array.from({ length: 4 }, () => ['Ben']),
    ...Array.from({ length: 4 }, () => ['Bea']),
    ...Array.from({ length: 3 }, () => ['Ben|Bea']),
    ...Array.from({ length: 7 }, () => ['C']),
    ...Array.from({ length: 4 }, () => ['D']),
    ...Array.from({ length: 3 }, () => ['E']),
    ['X'],
    ['Y'],
    ['C', 'D'],
  ];
  const faces = new Map<string, number[]>();
  for (const [index, who] of photos.entries()) {
    const ids = await seedDrawnPhoto(app, { catalogDir, photoDir, index, who, centres, next });
    who.forEach((key, i) => faces.set(key, [...(faces.get(key) ?? []), ids[i] as number]));
  }
  const ids = (key: string): number[] => faces.get(key) ?? [];
  app.labeling.assign(ids('Ada').slice(0, 3), 'Ada');
  app.labeling.assign(ids('Ben'), 'Ben');
  app.labeling.assign(ids('Bea'), 'Bea');
  app.clustering.recluster();
  return { app, faces };
}

/** Seeds the catalog (see `seedPeople`) and starts the host on it with the built renderer (out/renderer). */
export async function startPeopleFixture(dir: string): Promise<PeopleFixture> {
  const { app, faces } = await seedPeople(dir);
  const host = await startHost({ app, rendererDir: path.join(projectRoot, 'out/renderer') });
  return {
    app,
    host,
    url: `http://127.0.0.1:${host.port}/?token=${host.token}`,
    faces,
    async close() {
      await host.close();
      await app.shutdown();
    },
  };
}

async function seedDrawnPhoto(
  app: Container,
  seed: {
    catalogDir: string;
    photoDir: string;
    index: number;
    who: string[];
    centres: Map<string, Float32Array>;
    next: () => number;
  },
): Promise<number[]> {
  const { catalogDir, photoDir, index, who, centres, next } = seed;
  const { svg, boxes } = photoSvg(who, `photo ${index + 1}`);
  const file = path.join(photoDir, `p${String(index + 1).padStart(2, '0')}.jpg`);
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
  await fs.writeFile(file, jpeg);
  const thumb = `media/thumbs/fixture-${index}.jpg`;
  await fs.mkdir(path.join(catalogDir, 'media/thumbs'), { recursive: true });
  await fs.mkdir(path.join(catalogDir, 'media/faces'), { recursive: true });
  await sharp(jpeg).resize(256).jpeg().toFile(path.join(catalogDir, thumb));
  const newFaces: NewFace[] = [];
  for (const [i, key] of who.entries()) {
    const box = boxes[i] as NewFace['box'];
    const crop = `media/faces/fixture-${index}-${i}.jpg`;
    await sharp(jpeg)
      .extract({ left: box.x, top: box.y + 30, width: box.width, height: box.width })
      .resize(150, 150)
      .jpeg()
      .toFile(path.join(catalogDir, crop));
    newFaces.push({
      box,
      landmarks: [],
      score: 0.95,
      quality: 0.4 + 0.5 * next(),
      wholeImage: false,
      crop,
      embedding: faceNear(centres.get(key) as Float32Array, next),
      detectorModel: app.models.detectors.ssd,
    });
  }
  const photoId = app.repositories.photos.insert({
    path: file,
    sha256: createHash('sha256').update(jpeg).digest('hex'),
    bytes: jpeg.length,
    format: 'jpeg',
    width: 640,
    height: 480,
    takenAt: null,
    folderLabel: null,
    thumb,
  });
  return app.repositories.faces.replaceForPhoto(photoId, newFaces, app.models.embedder);
}
