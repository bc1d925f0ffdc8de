import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../../src-main/app/container';
import { exportProjection } from '../../../src-main/projection/export/projection-export';
import { seedPhoto } from '../../support/catalog-seed';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/temp';

/** A unit vector with a distinct, exactly known pattern per face. */
function vectorFor(face: number): Float32Array {
  const vector = Float32Array.from({ length: 128 }, (_, d) => Math.sin(face * 1.7 + d * 0.37) + 0.01 * d);
  const norm = Math.hypot(...vector);
  return vector.map((v) => v / norm);
}

/** Each crop a flat colour, so that a sprite tile shows whose crop it is. */
const colourOf = (index: number): [number, number, number] => [
  (index * 60) % 256,
  200 - index * 30,
  40 + index * 25,
];

function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  return [...fields, field];
}

describe('exporting embeddings with labels (TensorBoard projector files, CSV)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let faces: number[] = [];
  const vectors = new Map<number, Float32Array>();

  beforeAll(async () => {
    temp = await makeTempDir('projection-export');
    app = new Container({ catalogDir: path.join(temp.dir, 'catalog'), shell: 'cli' }).boot();
    for (let photo = 0; photo < 5; photo++) {
      const ids = seedPhoto(app, photo, [vectorFor(photo)]);
      faces.push(...ids);
      vectors.set(ids[0] as number, vectorFor(photo));
    }
    faces = faces.sort((a, b) => a - b);
    // Crops: flat colours; the last face's crop is missing on disk (its tile stays blank, the export goes on).
    for (const [index, face] of faces.slice(0, -1).entries()) {
      const crop = app.repositories.faces.get(face)?.crop as string;
      await fs.mkdir(path.dirname(path.join(app.options.catalogDir, crop)), { recursive: true });
      const [r, g, b] = colourOf(index);
      await sharp({ create: { width: 150, height: 150, channels: 3, background: { r, g, b } } })
        .jpeg({ quality: 95 })
        .toFile(path.join(app.options.catalogDir, crop));
    }
    app.labeling.assign([faces[0] as number, faces[1] as number], 'Ada, "the first"');
    app.labeling.assign([faces[2] as number], 'Grace');
  });

  afterAll(async () => {
    await app.shutdown();
    await temp.cleanup();
  });

  const deps = (): Parameters<typeof exportProjection>[0] => ({
    catalogDir: app.options.catalogDir,
    embeddings: app.repositories.embeddings,
  });

  it('writes tensors, metadata, a sprite in the same order, and both projector configs', async () => {
    const folder = path.join(temp.dir, 'projector');
    const result = await exportProjection(deps(), folder, 'projector', app.models.embedder);
    expect(result.points).toBe(5);
    expect((await fs.readdir(folder)).sort()).toEqual([...result.files].sort());

    const tensors = (await fs.readFile(path.join(folder, 'tensors.tsv'), 'utf8')).trimEnd().split('\n');
    expect(tensors).toHaveLength(5);
    tensors.forEach((line, i) => {
      const values = line.split('\t').map(Number);
      const expected = vectors.get(faces[i] as number) as Float32Array;
      expect(values).toHaveLength(128);
      // Written at float32 precision: each value reads back as the same float32.
      values.forEach((value, d) => expect(Math.fround(value)).toBe(expected[d]));
    });

    const metadata = (await fs.readFile(path.join(folder, 'metadata.tsv'), 'utf8')).trimEnd().split('\n');
    expect(metadata[0]).toBe('face\tperson\tstatus\tphoto');
    expect(metadata.slice(1).map((line) => line.split('\t').slice(0, 3))).toEqual([
      [String(faces[0]), 'Ada, "the first"', 'confirmed'],
      [String(faces[1]), 'Ada, "the first"', 'confirmed'],
      [String(faces[2]), 'Grace', 'confirmed'],
      [String(faces[3]), '(unlabeled)', 'unlabeled'],
      [String(faces[4]), '(unlabeled)', 'unlabeled'],
    ]);

    const config = JSON.parse(await fs.readFile(path.join(folder, 'projector_config.json'), 'utf8')) as {
      embeddings: Array<{ tensorShape: number[]; sprite: { singleImageDim: [number, number] } }>;
    };
    const [entry] = config.embeddings;
    expect(entry?.tensorShape).toEqual([5, 128]);
    const tile = entry?.sprite.singleImageDim[0] as number;
    const pbtxt = await fs.readFile(path.join(folder, 'projector_config.pbtxt'), 'utf8');
    expect(pbtxt).toContain(`single_image_dim: ${tile}`);
    expect(pbtxt).toContain('tensor_path: "tensors.tsv"');

    // 5 faces: a 3 x 2 grid of tiles, row-major in the tensors' order.
    const { data, info } = await sharp(path.join(folder, 'sprite.png'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([3 * tile, 2 * tile]);
    const centre = (index: number): number[] => {
      const x = (index % 3) * tile + tile / 2;
      const y = Math.floor(index / 3) * tile + tile / 2;
      const at = (y * info.width + x) * info.channels;
      return [data[at], data[at + 1], data[at + 2]] as number[];
    };
    for (let index = 0; index < 4; index++) {
      centre(index).forEach((value, c) =>
        expect(Math.abs(value - (colourOf(index)[c] as number))).toBeLessThan(8),
      );
    }
    expect(centre(4)).toEqual([96, 96, 96]);
  });

  it('writes one CSV line per face with its labels and vector', async () => {
    const folder = path.join(temp.dir, 'csv');
    const result = await exportProjection(deps(), folder, 'csv', app.models.embedder);
    expect(result.files).toEqual(['embeddings.csv']);
    const lines = (await fs.readFile(path.join(folder, 'embeddings.csv'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(parseCsvLine(lines[0] as string).slice(0, 5)).toEqual([
      'face_id',
      'person',
      'status',
      'photo',
      'e0',
    ]);
    const first = parseCsvLine(lines[1] as string);
    expect(first.slice(0, 3)).toEqual([String(faces[0]), 'Ada, "the first"', 'confirmed']);
    expect(first[3]).toBe('/photos/p0.jpg');
    expect(first.slice(4).map((value) => Math.fround(Number(value)))).toEqual(
      Array.from(vectors.get(faces[0] as number) as Float32Array),
    );
  });

  it('refuses a folder that holds files, and a model with no embeddings, leaving the folder as it was', async () => {
    const folder = path.join(temp.dir, 'busy');
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, 'keep.txt'), 'mine');
    await expect(exportProjection(deps(), folder, 'projector', app.models.embedder)).rejects.toThrow(
      /not empty/,
    );
    expect(await fs.readdir(folder)).toEqual(['keep.txt']);
    await expect(exportProjection(deps(), path.join(temp.dir, 'none'), 'csv', 999)).rejects.toThrow(
      /no faces have an embedding under model 999/,
    );
  });

  it('exports through the CLI (`export-projector --json`), and refuses a model the catalog lacks', async () => {
    const out = path.join(temp.dir, 'cli-projector');
    const catalog = ['--catalog', app.options.catalogDir];
    const done = await runCli(['export-projector', '--out', out, ...catalog, '--json']);
    expect(done.code, done.stderr).toBe(0);
    const printed = JSON.parse(done.stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(printed).toEqual({
      folder: out,
      points: 5,
      files: ['tensors.tsv', 'metadata.tsv', 'sprite.png', 'projector_config.pbtxt', 'projector_config.json'],
    });
    const csv = await runCli([
      'export-projector',
      '--out',
      path.join(temp.dir, 'cli-csv'),
      '--csv',
      ...catalog,
      '--json',
    ]);
    expect(JSON.parse(csv.stdout.trim())).toMatchObject({ points: 5, files: ['embeddings.csv'] });
    const missing = await runCli([
      'export-projector',
      '--out',
      path.join(temp.dir, 'x'),
      '--model',
      '999',
      ...catalog,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no model 999/);
  }, 120_000);
});
