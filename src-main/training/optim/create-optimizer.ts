import type * as tf from '@tensorflow/tfjs-core';
import { AdamOptimizer } from './adam';
import type { OptimizerConfig } from './optimizer-config';
import { SgdOptimizer } from './sgd';
import type { TrainOptimizer } from './train-optimizer';
import { decaysByDefault } from './weight-decay';

/**
 * The optimizer a run's config names. `decays` picks the variables weight decay applies to (default:
 * kernels only, {@link decaysByDefault}).
 */
export function createOptimizer(
  config: OptimizerConfig,
  decays: (variable: tf.Variable) => boolean = decaysByDefault,
): TrainOptimizer {
  switch (config.name) {
    case 'sgd':
      return new SgdOptimizer(config, decays);
    case 'adam':
    case 'adamw':
      return new AdamOptimizer(config, decays);
  }
}
