import type { Command } from 'commander';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { printResult } from '../output';

/** `faceatlas runs`: the catalog's training runs with their config and final metrics. */
export function registerRuns(program: Command): void {
  addGlobalOptions(program.command('runs').description('list the training runs')).action(
    (options: GlobalOptions) =>
      withContainer(options, (app) => {
        const runs = app.training.list();
        printResult(
          runs.map(({ id, status, config, metrics }) => ({ id, status, config, metrics })),
          Boolean(options.json),
          () =>
            runs.length === 0
              ? 'no training runs'
              : runs
                  .map((run) => {
                    const accuracy = run.metrics.testAccuracy;
                    const score = accuracy === undefined ? '' : ` test accuracy ${accuracy.toFixed(3)}`;
                    return `${run.id}\t${run.status}\t${String(run.config.mode)}${score}`;
                  })
                  .join('\n'),
        );
      }),
  );
}
