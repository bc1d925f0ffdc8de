import path from 'node:path';
import type { Command } from 'commander';
import type { ImportSummary } from '../../ingest/import-types';
import { JobFailedError } from '../../jobs/job-types';
import { openContainer, type GlobalOptions } from '../context';
import { printResult } from '../output';
import { waitForJob } from '../wait-for-job';

interface ImportOptions extends GlobalOptions {
  labelsFromFolders?: boolean;
  faces?: boolean;
}

/** `faceatlas import <folder>... [--labels-from-folders] [--no-faces]`: imports and waits. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'import photo folders (recursive, incremental, deduplicated by content) and index their faces',
    )
    .argument('<folders...>', 'folders to import')
    .option('--labels-from-folders', "record each photo's parent folder name as its identity label")
    .option('--no-faces', 'import photos only; index faces later with `faceatlas index`')
    .option('--catalog <dir>', 'catalog folder (default: the desktop app catalog)')
    .option('--json', 'print the result as one JSON line')
    .action(async (folders: string[], options: ImportOptions) => {
      const app = openContainer(options);
      try {
        const jobId = app.imports.start({
          folders: folders.map((folder) => path.resolve(folder)),
          labelsFromFolders: Boolean(options.labelsFromFolders),
          indexFaces: options.faces !== false,
        });
        let summary: ImportSummary;
        try {
          summary = await waitForJob<ImportSummary>(app, jobId);
        } catch (error) {
          // A job that stopped part-way (a full disk) still says on stdout what it had committed.
          if (options.json && error instanceof JobFailedError && error.partialResult) {
            const partial = error.partialResult as ImportSummary;
            printResult({ error: error.message, ...importJson(partial) }, true, () => '');
          }
          throw error;
        }
        const { photos, faces, duplicates, errors } = summary;
        // The backend the face workers ran on (null when this import had no face to index).
        const backend = app.indexer.workersBackend();
        printResult({ ...importJson(summary), backend }, Boolean(options.json), () =>
          [
            `added ${photos.added}, skipped ${photos.skipped}, failed ${photos.failed}, faces ${faces}` +
              (backend ? ` (backend ${backend})` : ''),
            ...duplicates.map((d) => `duplicate: ${d.path} (same as ${d.of})`),
            ...errors.map((e) => `error: ${e.path}: ${e.error}`),
          ].join('\n'),
        );
      } finally {
        await app.shutdown();
      }
    });
}

/** The CLI's JSON shape of an import: {"photos","faces","duplicates","errors"}. */
function importJson({ photos, faces, duplicates, errors }: ImportSummary): Omit<ImportSummary, 'cancelled'> {
  return { photos, faces, duplicates, errors };
}
