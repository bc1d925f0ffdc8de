import type { Command } from 'commander';
import { openContainer, type GlobalOptions } from '../context';
import { printResult } from '../output';

/** `faceatlas stats`: counts of the catalog and the inference backend. */
export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('show catalog counts and the inference backend')
    .option('--catalog <dir>', 'catalog folder (default: the desktop app catalog)')
    .option('--json', 'print the result as one JSON line')
    .action(async (options: GlobalOptions) => {
      const app = openContainer(options);
      try {
        // The backend that loads here, not the one that resolves (stats starts no workers).
        const stats = { ...app.library.stats(), backend: await app.indexer.loadedBackend() };
        printResult(
          stats,
          Boolean(options.json),
          () =>
            `photos ${stats.photos}, faces ${stats.faces}, people ${stats.people}, backend ${stats.backend}`,
        );
      } finally {
        await app.shutdown();
      }
    });
}
