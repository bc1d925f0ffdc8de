/**
 * `npm run bench -- faces` on every backend that loads here, side by side: the faces bench (ours and
 * face-api, same files, same backend) runs once per backend in a child process of its own, since a process
 * runs one tfjs backend and libtensorflow cannot be unloaded; each child prints its full tables and hands
 * its headline figures back in a JSON file, which this prints as one table. FACEATLAS_BACKEND=name runs
 * that backend only.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeBackend } from '../../src-main/vision/backend-probe';
import { printTable } from './bench-support';

/** Set in a child: where it writes its {@link BackendFigures}. */
export const resultFileVariable = 'FACEATLAS_BENCH_FACES_RESULT';

/** Throughput of one side on one set. */
export interface Throughput {
  photosPerSecond: number;
  facesPerSecond: number;
}

/** The headline figures of one backend's run. */
export interface BackendFigures {
  backend: string;
  sets: Array<{
    set: string;
    photos: number;
    oursCold: Throughput;
    oursWarm: Throughput;
    faceApi: Throughput;
  }>;
}

const mainEntry = fileURLToPath(new URL('./main.ts', import.meta.url));

/** The backends to compare: wasm, and the native one where it is provisioned (or the one forced). */
function backendsToRun(): string[] {
  const forced = process.env.FACEATLAS_BACKEND;
  if (forced) return [forced];
  const native = probeBackend('');
  if (native === 'wasm' || native === 'cpu')
    console.log('faces bench: native backend not provisioned (npm run setup:native); wasm only');
  return native === 'wasm' || native === 'cpu' ? ['wasm'] : [native, 'wasm'];
}

function runChild(backend: string, resultFile: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainEntry, ...process.argv.slice(2)], {
    env: { ...process.env, FACEATLAS_BACKEND: backend, [resultFileVariable]: resultFile },
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) =>
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`faces bench on ${backend} exited ${code}`)),
    ),
  );
}

/** Runs the faces bench on each backend and prints their figures side by side. */
export async function benchFacesOnEachBackend(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'faceatlas-bench-backends-'));
  try {
    const runs: BackendFigures[] = [];
    for (const backend of backendsToRun()) {
      console.log(`\n# faces bench on ${backend}`);
      const resultFile = path.join(work, `${backend}.json`);
      await runChild(backend, resultFile);
      runs.push(JSON.parse(await fs.readFile(resultFile, 'utf8')) as BackendFigures);
    }
    const fixed = (value: number): string => value.toFixed(2);
    printTable(
      'faces bench, backends side by side (photos/s | faces/s; cold: workers start inside the import, as a CLI run; warm: started before, as the app)',
      runs.flatMap((run) =>
        run.sets.map((s) => ({
          backend: run.backend,
          set: s.set,
          photos: s.photos,
          'ours cold': `${fixed(s.oursCold.photosPerSecond)} | ${fixed(s.oursCold.facesPerSecond)}`,
          'ours warm': `${fixed(s.oursWarm.photosPerSecond)} | ${fixed(s.oursWarm.facesPerSecond)}`,
          'face-api': `${fixed(s.faceApi.photosPerSecond)} | ${fixed(s.faceApi.facesPerSecond)}`,
          'ours warm/face-api': fixed(s.oursWarm.photosPerSecond / s.faceApi.photosPerSecond),
        })),
      ),
    );
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
