import path from 'node:path';
import type { Command } from 'commander';
import { exportDataset } from '../../people/dataset-export';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printResult } from '../output';

interface ExportOptions extends GlobalOptions {
  out: string;
  minFaces?: string;
  confirmedOnly?: boolean;
}

/** `faceatlas export --out DIR [--min-faces N] [--confirmed-only]`: a labeled face dataset on disk. */
export function registerExport(program: Command): void {
  addGlobalOptions(
    program
      .command('export')
      .description('export labeled faces: aligned crops in a folder per person, plus labels.csv')
      .requiredOption('--out <dir>', 'a new or empty folder')
      .option('--min-faces <n>', 'leave out people with fewer faces', '1')
      .option('--confirmed-only', "only the user's and folders' confirmed labels"),
  ).action((options: ExportOptions) => {
    const minFaces = Number(options.minFaces ?? '1');
    if (!Number.isInteger(minFaces) || minFaces < 1) {
      throw new UsageError(`--min-faces takes a whole number of at least 1, not "${options.minFaces}"`);
    }
    return withContainer(options, async (app) => {
      const summary = await exportDataset(app.repositories.labels, app.options.catalogDir, {
        out: path.resolve(options.out),
        minFaces,
        confirmedOnly: Boolean(options.confirmedOnly),
      });
      printResult(
        summary,
        Boolean(options.json),
        () => `exported ${summary.faces} faces of ${summary.people} people`,
      );
    });
  });
}
