import type { OptimizerConfig } from '../optim/optimizer-config';
import { UserError } from '../../util/errors';
import { describeIssue } from './config-issues';
import { checkRules, SCRATCH_ONLY, withDefaults } from './config-defaults';
import { trainConfigInputSchema } from './train-config-schema';
import type { TrainConfig } from './train-config-types';

export type * from './train-config-types';

/**
 * Checks a run config (parsed JSON) and fills in the defaults. `mode` is required; every other field is
 * optional, with defaults that depend on the mode and the optimizer (config-defaults.ts). Refuses, with a
 * UserError naming every offending field, unknown fields (`unknown field "lerningRate"`), invalid values
 * (`"batchSize" must be an integer 1..4096`, nested ones by path: `"split.by"`), and combinations that
 * cannot work (early stopping without a validation split, momentum with Adam...).
 */
export function parseTrainConfig(input: unknown): TrainConfig {
  const parsed = trainConfigInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new UserError(`training config: ${parsed.error.issues.flatMap(describeIssue).join('; ')}`);
  }
  const problems = checkRules(parsed.data);
  if (problems.length > 0) throw new UserError(`training config: ${problems.join('; ')}`);
  return withDefaults(parsed.data);
}

/**
 * A run's stored config (the full one {@link parseTrainConfig} returned when the run started), checked
 * again: the fields the defaults filled in that the mode or optimizer does not use are dropped, and the
 * rest goes through the same checks, so a run never trains on a config this version would refuse.
 */
export function parseStoredTrainConfig(stored: unknown): TrainConfig {
  if (typeof stored !== 'object' || stored === null) return parseTrainConfig(stored);
  const input: Record<string, unknown> = { ...(stored as Record<string, unknown>) };
  // Head and finetune runs store what they fixed for themselves (the bundled network's shape, input).
  if (input.mode !== 'scratch') for (const field of SCRATCH_ONLY) delete input[field];
  if (input.freeze === null) delete input.freeze;
  if (input.optimizer !== 'sgd') {
    delete input.momentum;
    delete input.nesterov;
  }
  if (input.earlyStopping === null) delete input.earlyStopping;
  // Null with softmax, which has no margin.
  if (input.margin === null) delete input.margin;
  if (input.scale === null) delete input.scale;
  return parseTrainConfig(input);
}

/** The optimizer settings of a config, for `createOptimizer`. */
export function optimizerConfigOf(config: TrainConfig): OptimizerConfig {
  const { optimizer, weightDecay } = config;
  return optimizer === 'sgd'
    ? { name: 'sgd', momentum: config.momentum, nesterov: config.nesterov, weightDecay }
    : { name: optimizer, weightDecay };
}
