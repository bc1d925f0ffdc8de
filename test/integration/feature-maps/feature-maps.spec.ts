import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../../src-main/app/container';
import type { SaliencyMap } from '../../../src-main/feature-maps/feature-map-views';
import { initBackend } from '../../../src-main/vision/backend';
import { makeTempDir } from '../../support/temp';
import { saveTinyEmbedder, saveTinyGraphModel } from '../../support/tiny-embedder';

const demo = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')),
  'demo',
);

/** The map's cells whose centres fall inside (or outside) the face box, in crop pixels. */
function splitByBox(map: SaliencyMap): { inside: number[]; outside: number[] } {
  const inside: number[] = [];
  const outside: number[] = [];
  const { x, y, width, height } = map.faceBox;
  map.values.forEach((value, i) => {
    const cx = ((i % map.width) + 0.5) * (map.cropSize / map.width);
    const cy = (Math.floor(i / map.width) + 0.5) * (map.cropSize / map.height);
    const within = cx >= x && cx <= x + width && cy >= y && cy <= y + height;
    (within ? inside : outside).push(value);
  });
  return { inside, outside };
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const std = (values: number[]): number => Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));

/**
 * A catalog made from face-api's demo photo sample1.jpg (three faces, found and embedded by the bundled
 * networks), and the feature maps of its faces through the real worker on the app's backend (CI: wasm).
 */
describe('feature maps', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let faces: number[];

  beforeAll(async () => {
    temp = await makeTempDir('feature-maps');
    const photos = path.join(temp.dir, 'photos');
    await fs.mkdir(photos, { recursive: true });
    await fs.copyFile(path.join(demo, 'sample1.jpg'), path.join(photos, 'sample1.jpg'));
    app = new Container({
      catalogDir: path.join(temp.dir, 'catalog'),
      shell: 'cli',
      visionWorkers: 1,
    }).boot();
    await app.jobs.waitFor(app.imports.start({ folders: [photos], labelsFromFolders: false }));
    faces = app.repositories.faces.page(0, 10).map((face) => face.id);
  }, 240_000);

  afterAll(async () => {
    await app.shutdown();
    await temp.cleanup();
  });

  it('finds the saliency of each demo face inside its face box, on a crop with twice its size of context', async () => {
    expect(faces).toHaveLength(3);
    for (const face of faces) {
      const map = await app.featureMaps.saliency({ face });
      expect(map.cropSize).toBeGreaterThanOrEqual(300);
      // The face sits in the middle, with about its own size of context around it.
      const centre = map.faceBox.x + map.faceBox.width / 2;
      expect(Math.abs(centre - map.cropSize / 2)).toBeLessThan(map.cropSize * 0.15);
      expect(map.faceBox.width).toBeLessThan(map.cropSize * 0.75);
      expect(map.values).toHaveLength(map.width * map.height);
      expect(std(map.values)).toBeGreaterThan(0.1);
      const { inside, outside } = splitByBox(map);
      expect(inside.length).toBeGreaterThan(0);
      expect(mean(inside)).toBeGreaterThan(mean(outside));
      expect(Math.max(...inside)).toBe(Math.max(...map.values));
      expect(map.overlay).toMatch(/^data:image\/png;base64,/);
      expect(map.target).toEqual({ kind: 'self' });
    }
  });

  it('explains the similarity to another face and to a person centre', async () => {
    const other = await app.featureMaps.saliency({ face: faces[0]!, reference: { face: faces[1]! } });
    expect(other.target).toEqual({ kind: 'face', face: faces[1] });
    expect(std(other.values)).toBeGreaterThan(0);
    await expect(app.featureMaps.saliency({ face: faces[0]!, reference: { person: 999 } })).rejects.toThrow(
      /no confirmed face/,
    );
  });

  it("lists the bundled network's stages and shows a stage's strongest channels", async () => {
    const { layers, saliencyLayer } = await app.featureMaps.layers();
    expect(layers.map((layer) => layer.name)).toContain(saliencyLayer);
    expect(layers.at(-1)!.name).toBe(saliencyLayer);
    const stage = layers.find((layer) => layer.channels === 64)!;
    const grid = await app.featureMaps.activations({ face: faces[0]!, layer: stage.name, channels: 16 });
    expect(grid).toMatchObject({ layer: stage.name, width: stage.width, height: stage.height, channels: 64 });
    expect(grid.shown).toHaveLength(16);
    expect(new Set(grid.shown).size).toBe(16);
    expect(grid.image).toMatch(/^data:image\/png;base64,/);
  });

  it('refuses an unknown layer, an unknown face and a detector with a clear error', async () => {
    await expect(
      app.featureMaps.activations({ face: faces[0]!, layer: 'no_such_layer', channels: 8 }),
    ).rejects.toThrow(/no layer "no_such_layer"/);
    await expect(app.featureMaps.saliency({ face: 99_999 })).rejects.toThrow(/no face 99999/);
    await expect(app.featureMaps.layers(app.models.detectors.ssd)).rejects.toThrow(
      /feature maps are shown for embedders/,
    );
  });

  it('works on an imported layers model and refuses an imported graph model', async () => {
    await initBackend(process.env.FACEATLAS_BACKEND ?? 'cpu');
    await saveTinyEmbedder(path.join(temp.dir, 'tiny-layers'), { inputSize: 32 });
    await saveTinyGraphModel(path.join(temp.dir, 'tiny-graph'));
    const layersModel = await app.modelRegistry.import(path.join(temp.dir, 'tiny-layers'));
    const graphModel = await app.modelRegistry.import(path.join(temp.dir, 'tiny-graph'), {
      normalization: 'unit',
    });
    const map = await app.featureMaps.saliency({ face: faces[0]!, model: layersModel.id });
    expect(map.cropSize).toBeGreaterThanOrEqual(64);
    expect(map.values.every((value) => value >= 0 && value <= 1)).toBe(true);
    const { layers } = await app.featureMaps.layers(layersModel.id);
    const grid = await app.featureMaps.activations({
      face: faces[0]!,
      model: layersModel.id,
      layer: layers[0]!.name,
      channels: 4,
    });
    expect(grid.shown).toHaveLength(4);
    await expect(app.featureMaps.saliency({ face: faces[0]!, model: graphModel.id })).rejects.toThrow(
      /need a layers model; this imported model is a graph model/,
    );
  });
});
