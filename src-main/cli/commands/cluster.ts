import type { Command } from 'commander';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { printResult } from '../output';

/** `faceatlas cluster`: recompute clusters, suggestions and automatic labels from scratch. */
export function registerCluster(program: Command): void {
  addGlobalOptions(
    program
      .command('cluster')
      .description('re-cluster unlabeled faces and refresh the suggested people (labels are kept)'),
  ).action((options: GlobalOptions) =>
    withContainer(options, (app) => {
      const summary = app.clustering.recluster();
      printResult(
        summary,
        Boolean(options.json),
        () =>
          `clusters ${summary.clusters}, assigned ${summary.assigned}, suggested ${summary.suggested}, unassigned ${summary.unassigned}`,
      );
    }),
  );
}
