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
        const stats = app.library.stats();
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
