import type { Command } from 'commander';
import type { IndexSummary } from '../../faces/index-types';
import { openContainer, type GlobalOptions } from '../context';
import { printResult } from '../output';
import { waitForJob } from '../wait-for-job';

interface IndexOptions extends GlobalOptions {
  all?: boolean;
}

/** `faceatlas index [--all]`: finds and embeds the faces of photos already in the catalog. */
export function registerIndex(program: Command): void {
  program
    .command('index')
    .description('detect, align and embed the faces of catalog photos not yet indexed (--all: every photo)')
    .option('--all', 're-index every photo, keeping labels')
    .option('--catalog <dir>', 'catalog folder (default: the desktop app catalog)')
    .option('--json', 'print the result as one JSON line')
    .action(async (options: IndexOptions) => {
      const app = openContainer(options);
      try {
        const summary = await waitForJob<IndexSummary>(app, app.indexing.start(Boolean(options.all)));
        const { photos, faces, failed } = summary;
        printResult({ photos, faces, failed }, Boolean(options.json), () =>
          [
            `indexed ${photos} photos, ${faces} faces, ${failed} failed (backend ${app.indexer.backend()})`,
            ...summary.errors.map((e) => `error: ${e.path}: ${e.error}`),
          ].join('\n'),
        );
      } finally {
        await app.shutdown();
      }
    });
}
