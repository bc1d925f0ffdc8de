import * as tf from '@tensorflow/tfjs-core';
import { SlotOptimizer, type StepScalars } from './train-optimizer';
import type { SgdConfig } from './optimizer-config';
import { decaysByDefault } from './weight-decay';

/**
 * SGD with momentum as PyTorch computes it (so learning rates carry over): g += wd * w (coupled L2),
 * v = momentum * v + g, w -= lr * v, or with Nesterov w -= lr * (g + momentum * v).
 */
export class SgdOptimizer extends SlotOptimizer {
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;

  constructor(
    config: Omit<SgdConfig, 'name'>,
    private readonly decays: (variable: tf.Variable) => boolean = decaysByDefault,
  ) {
    const momentum = config.momentum ?? 0.9;
    super('sgd', momentum > 0 ? ['velocity'] : []);
    this.momentum = momentum;
    this.nesterov = config.nesterov ?? false;
    this.weightDecay = config.weightDecay ?? 0;
    if (this.nesterov && momentum === 0) throw new Error('sgd - Nesterov needs a momentum above 0');
  }

  protected stepScalars(learningRate: number): StepScalars {
    return {
      learningRate: tf.scalar(learningRate),
      momentum: tf.scalar(this.momentum),
      weightDecay: tf.scalar(this.weightDecay),
    };
  }

  protected update(
    variable: tf.Variable,
    gradient: tf.Tensor,
    slots: Record<string, tf.Variable>,
    scalars: StepScalars,
  ): tf.Tensor {
    let g = gradient;
    if (this.weightDecay > 0 && this.decays(variable)) g = tf.add(g, tf.mul(variable, scalars.weightDecay!));
    let step = g;
    const velocity = slots.velocity;
    if (velocity) {
      const next = tf.add(tf.mul(velocity, scalars.momentum!), g);
      velocity.assign(next);
      step = this.nesterov ? tf.add(g, tf.mul(next, scalars.momentum!)) : next;
    }
    return tf.sub(variable, tf.mul(step, scalars.learningRate!));
  }
}
