import type { Command } from 'commander';
import type { ModelEvaluation, ModelScores } from '../../models/model-types';
import { addGlobalOptions, withContainer, type GlobalOptions } from '../context';
import { printResult } from '../output';
import { modelId } from './model-id';

interface EvalOptions extends GlobalOptions {
  model: string;
  against?: string;
}

/**
 * `faceatlas eval --model ID [--against ID]`: an embedder measured on the catalog's user and folder labels
 * (verification, rank-1 identification, clustering BCubed F), and another on the same faces when asked.
 */
export function registerEval(program: Command): void {
  addGlobalOptions(
    program
      .command('eval')
      .description("measure an embedder on the catalog's own labeled faces (user and folder labels)")
      .requiredOption('--model <id>', 'the model to measure (see `models list`)')
      .option('--against <id>', 'another model, measured on the same faces'),
  ).action((options: EvalOptions) =>
    withContainer(options, async (app) => {
      const against = options.against === undefined ? null : modelId(options.against, '--against ID');
      const result = await app.modelRegistry.evaluate(modelId(options.model, '--model ID'), against);
      printResult(result, Boolean(options.json), () => formatHuman(result));
    }),
  );
}

function formatHuman(result: ModelEvaluation): string {
  const lines = (scores: ModelScores): string[] => {
    const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;
    const { verification: v, identification: i, clustering: c } = scores;
    return [
      `model ${scores.model}`,
      `  verification accuracy ${percent(v.accuracy)}  EER ${percent(v.eer)}  TAR@FAR1e-3 ${percent(v.tarAtFar1e3)}  (${v.pairs} pairs)`,
      `  rank-1 identification ${percent(i.rank1)}  (${i.probes} probes)`,
      `  clustering BCubed F   ${c.bcubedF.toFixed(4)}`,
    ];
  };
  return [...lines(result), ...(result.against ? lines(result.against) : [])].join('\n');
}
