import type { Command } from 'commander';
import type { IndexSummary } from '../../faces/index-types';
import { openContainer, type GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printResult } from '../output';
import { waitForJob } from '../wait-for-job';

interface IndexOptions extends GlobalOptions {
  all?: boolean;
  rebuildSearch?: boolean;
}

/**
 * `faceatlas index [--all]`: finds and embeds the faces of photos already in the catalog.
 * `faceatlas index --rebuild-search`: rebuilds the current model's search index from the catalog instead
 * (the approximate graph included), e.g. after copying a catalog or to time a build.
 */
export function registerIndex(program: Command): void {
  program
    .command('index')
    .description('detect, align and embed the faces of catalog photos not yet indexed (--all: every photo)')
    .option('--all', 're-index every photo, keeping labels')
    .option('--rebuild-search', "rebuild the search index of the catalog's faces instead")
    .option('--catalog <dir>', 'catalog folder (default: the desktop app catalog)')
    .option('--json', 'print the result as one JSON line')
    .action(async (options: IndexOptions) => {
      if (options.rebuildSearch && options.all)
        throw new UsageError('give --all or --rebuild-search, not both');
      const app = openContainer(options);
      try {
        if (options.rebuildSearch) {
          const { faces, ms } = await app.faceIndex.rebuild(app.activeEmbedder.id());
          const result = { faces, ms: Math.round(ms) };
          printResult(result, Boolean(options.json), () => `search index: ${faces} faces in ${result.ms} ms`);
          return;
        }
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
