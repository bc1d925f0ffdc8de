import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Container } from '../../src-main/app/container';
import type { ImportSummary } from '../../src-main/ingest/import-types';
import { readCatalogDb } from '../support/catalog-db';
import { lastJson, runCli, spawnCli, type CliResult } from '../support/cli';
import { writePhoto } from '../support/images';
import { makeTempDir } from '../support/temp';

const photoCount = 80;

/** Runs a CLI to the end; `onStderr` sees its stderr as it grows. */
function runWatching(
  args: string[],
  onStderr: (text: string, pid: number) => void = () => {},
): Promise<CliResult> {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr(stderr, child.pid ?? 0);
  });
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

function jobStates(catalog: string): string[] {
  return readCatalogDb(catalog, (db) =>
    (db.prepare('SELECT state FROM jobs ORDER BY id').all() as Array<{ state: string }>).map(
      (row) => row.state,
    ),
  );
}

describe('two processes on one catalog', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let folder: string;

  beforeAll(async () => {
    temp = await makeTempDir('two-processes');
    folder = path.join(temp.dir, 'photos');
    for (let i = 0; i < photoCount; i++) {
      await writePhoto(path.join(folder, `p${i}.jpg`), 'jpeg', i, { width: 1600, height: 1200 });
    }
  });

  afterAll(() => temp.cleanup());

  it('two imports of the same folder take turns, and both finish', async () => {
    const catalog = path.join(temp.dir, 'both');
    const args = ['import', folder, '--no-faces', '--catalog', catalog, '--json'];
    const [first, second] = await Promise.all([runWatching(args), runWatching(args)]);

    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const a = lastJson<ImportSummary>(first.stdout);
    const b = lastJson<ImportSummary>(second.stdout);
    expect(a.photos.added + b.photos.added).toBe(photoCount);
    expect(a.photos.failed + b.photos.failed).toBe(0);
    const stats = await runCli(['stats', '--catalog', catalog, '--json']);
    expect(lastJson<{ photos: number }>(stats.stdout).photos).toBe(photoCount);
    expect(jobStates(catalog)).toEqual(['done', 'done']);
  });

  it('an import started while another process imports waits for it, saying for which process', async () => {
    const catalog = path.join(temp.dir, 'waits');
    const started: { second?: Promise<{ summary: ImportSummary; waited: string[] }>; childPid?: number } = {};
    const first = runWatching(
      ['import', folder, '--no-faces', '--catalog', catalog, '--json'],
      (stderr, pid) => {
        started.childPid = pid;
        if (started.second || !/importing [1-9]\d*\//.test(stderr)) return;
        // Started in this process so that it surely starts while the child's import runs.
        const app = new Container({ catalogDir: catalog, shell: 'cli' }).boot();
        const waited: string[] = [];
        app.events.onAny((name, payload) => {
          const detail =
            name === 'job.progress' && 'progress' in payload ? payload.progress?.detail : undefined;
          if (detail) waited.push(detail);
        });
        const jobId = app.imports.start({ folders: [folder], labelsFromFolders: false, indexFaces: false });
        waited.push(app.jobs.get(jobId)?.progress?.detail ?? '');
        started.second = app.jobs
          .waitFor(jobId)
          .then((job) => ({ summary: job.result as ImportSummary, waited }))
          .finally(() => app.shutdown());
      },
    );
    const firstResult = await first;
    expect(firstResult.code, firstResult.stderr).toBe(0);
    expect(started.second).toBeDefined();
    const { summary, waited } = await (started.second as NonNullable<typeof started.second>);
    expect(waited).toContain(`waiting for process ${started.childPid} (import job 1) to finish`);
    expect(lastJson<ImportSummary>(firstResult.stdout).photos.added + summary.photos.added).toBe(photoCount);
    expect(jobStates(catalog)).toEqual(['done', 'done']);
  });

  it('a reader opening the catalog during an import leaves the import running', async () => {
    const catalog = path.join(temp.dir, 'reader');
    let seenByReader: { states: string[]; photos: number } | null = null;
    const imported = await runWatching(
      ['import', folder, '--no-faces', '--catalog', catalog, '--json'],
      (stderr) => {
        if (seenByReader || !/importing [1-9]\d*\//.test(stderr)) return;
        // What `faceatlas stats` does, in this process so that it surely happens while the import runs.
        const reader = new Container({ catalogDir: catalog, shell: 'cli' }).boot();
        seenByReader = { states: jobStates(catalog), photos: reader.library.stats().photos };
        void reader.shutdown();
      },
    );
    expect(seenByReader).toMatchObject({ states: ['running'] });
    expect(imported.code, imported.stderr).toBe(0);
    expect(lastJson<ImportSummary>(imported.stdout).photos.added).toBe(photoCount);
    expect(jobStates(catalog)).toEqual(['done']);
  });
});
