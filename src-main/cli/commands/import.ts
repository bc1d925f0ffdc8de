import path from 'node:path';
import type { Command } from 'commander';
import type { ImportSummary } from '../../ingest/import-types';
import { openContainer, type GlobalOptions } from '../context';
import { endProgress, printProgress, printResult } from '../output';
import { formatProgress } from '../progress-line';

interface ImportOptions extends GlobalOptions {
  labelsFromFolders?: boolean;
}

/** `faceatlas import <folder>... [--labels-from-folders]`: imports and waits, progress on stderr. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import photo folders (recursive, incremental, deduplicated by content)')
    .argument('<folders...>', 'folders to import')
    .option('--labels-from-folders', "record each photo's parent folder name as its identity label")
    .option('--catalog <dir>', 'catalog folder (default: the desktop app catalog)')
    .option('--json', 'print the result as one JSON line')
    .action(async (folders: string[], options: ImportOptions) => {
      const app = openContainer(options);
      try {
        const jobId = app.imports.start({
          folders: folders.map((folder) => path.resolve(folder)),
          labelsFromFolders: Boolean(options.labelsFromFolders),
        });
        const stopOnSignal = (): void => app.jobs.cancel(jobId);
        process.once('SIGINT', stopOnSignal);
        const unsubscribe = app.events.onAny((name, payload) => {
          if (name === 'job.progress' && 'progress' in payload && payload.id === jobId && payload.progress) {
            printProgress(formatProgress(payload.progress));
          }
        });
        const job = await app.jobs.waitFor(jobId);
        unsubscribe();
        process.off('SIGINT', stopOnSignal);
        endProgress();
        if (job.state === 'failed') throw new Error(job.error ?? 'import failed');
        const { photos, faces, duplicates, errors } = job.result as ImportSummary;
        printResult({ photos, faces, duplicates, errors }, Boolean(options.json), () =>
          [
            `added ${photos.added}, skipped ${photos.skipped}, failed ${photos.failed}, faces ${faces}`,
            ...duplicates.map((d) => `duplicate: ${d.path} (same as ${d.of})`),
            ...errors.map((e) => `error: ${e.path}: ${e.error}`),
          ].join('\n'),
        );
      } finally {
        await app.shutdown();
      }
    });
}
