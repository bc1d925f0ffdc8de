import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeBackend } from '../../../src-main/vision/backend-probe.js';
import { lastJson, runCli, type CliResult } from '../../support/cli.js';
import { makeTempDir } from '../../support/temp.js';
import { nativeProvisioned, notProvisionedNote } from './backends.js';
import { SAMPLES } from './fixtures.js';

let work: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  work = await makeTempDir('backend-cli');
  await fs.mkdir(path.join(work.dir, 'photos'));
  await fs.copyFile(SAMPLES[0]!.file, path.join(work.dir, 'photos', 'sample1.jpg'));
});
afterAll(() => work?.cleanup());

/** The CLI with FACEATLAS_BACKEND set to `backend` ('' = the automatic choice). */
async function cliOn(backend: string, args: string[]): Promise<CliResult> {
  const before = process.env.FACEATLAS_BACKEND;
  process.env.FACEATLAS_BACKEND = backend;
  try {
    return await runCli(args); // the child copies the environment as it starts
  } finally {
    if (before === undefined) delete process.env.FACEATLAS_BACKEND;
    else process.env.FACEATLAS_BACKEND = before;
  }
}

// `import --json` and `stats --json` name the backend that loaded and ran, not one that resolves.
describe('the CLI reports the backend that ran', () => {
  const backends = nativeProvisioned ? ['wasm', probeBackend('')] : ['wasm'];
  if (!nativeProvisioned) console.log(`backend CLI: native side ${notProvisionedNote}`);

  it.each(backends)('%s: import --json and stats --json', async (backend) => {
    const catalog = path.join(work.dir, `catalog-${backend}`);
    const imported = await cliOn(backend, [
      'import',
      path.join(work.dir, 'photos'),
      '--catalog',
      catalog,
      '--json',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(lastJson<{ faces: number; backend: string }>(imported.stdout)).toMatchObject({
      faces: SAMPLES[0]!.faces,
      backend,
    });
    const again = await cliOn(backend, [
      'import',
      path.join(work.dir, 'photos'),
      '--catalog',
      catalog,
      '--json',
    ]);
    expect(lastJson<{ backend: string | null }>(again.stdout).backend).toBeNull(); // nothing new: no face work
    const stats = await cliOn(backend, ['stats', '--catalog', catalog, '--json']);
    expect(lastJson<{ backend: string }>(stats.stdout).backend).toBe(backend);
  });

  it('a forced backend that does not load is a fatal error with its reason', async () => {
    const missing = nativeProvisioned ? 'tensorflow-gpu' : 'tensorflow';
    if (probeBackend('') === missing) return; // both native packages provisioned: nothing here is missing
    const stats = await cliOn(missing, ['stats', '--catalog', path.join(work.dir, 'catalog-wasm'), '--json']);
    expect(stats.code).toBe(1);
    expect(stats.stderr).toContain(`FACEATLAS_BACKEND=${missing} could not be loaded`);
  });
});
