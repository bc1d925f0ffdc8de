import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createFaceIndexService, type FaceIndexService } from '../../src-main/search/index/face-index';
import { workerUrl } from '../../src-main/platform/worker-url';
import { projectRoot } from '../support/cli';

/**
 * The Electron main bundle (`npm run build`, out/main) resolves each worker as `<name>.js` beside itself
 * (platform/worker-url.ts): every worker the bundle asks for must have been emitted as an entry of its own
 * (electron.vite.config.ts), and the bundled search worker must run.
 */
describe('the built main bundle', () => {
  const mainDir = path.join(projectRoot, 'out/main');
  const bundle = path.join(mainDir, 'index.js');
  let service: FaceIndexService | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faceatlas-bundle-'));

  afterAll(async () => {
    await service?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ships every worker it starts', () => {
    const source = fs.readFileSync(bundle, 'utf8');
    const names = [...source.matchAll(/workerUrl\(import\.meta\.url, "[^"]+", "([^"]+)"\)/g)].map(
      (m) => m[1],
    );
    expect(names.sort()).toEqual([
      'embedder-worker',
      'feature-map-worker',
      'projection-worker',
      'search-index-worker',
      'trainer-worker',
      'vision-worker',
    ]);
    for (const name of names) expect(fs.existsSync(path.join(mainDir, `${name}.js`))).toBe(true);
  });

  it('runs the bundled search worker', async () => {
    const url = workerUrl(pathToFileURL(bundle).href, './search.worker.ts', 'search-index-worker');
    const vectors = new Float32Array(3 * 128);
    for (let i = 0; i < 3; i++) vectors[i * 128 + i] = 1;
    service = createFaceIndexService({
      catalogDir: dir,
      readVectors: () => ({ ids: [11, 12, 13], vectors: vectors.slice() }),
      workerUrl: url,
    });
    const query = vectors.slice(128, 256);
    expect(await service.nearest(1, query, 2)).toEqual([
      { faceId: 12, distance: 0 },
      { faceId: 11, distance: Math.SQRT2 },
    ]);
  });
});
