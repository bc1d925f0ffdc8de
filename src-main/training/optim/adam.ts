import * as tf from '@tensorflow/tfjs-core';
import { SlotOptimizer, type StepScalars } from './train-optimizer';
import type { AdamConfig } from './optimizer-config';
import { decaysByDefault } from './weight-decay';

/**
 * Adam (Kingma & Ba 2015) as PyTorch computes it, bias correction folded into the step size:
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps * sqrt(1 - b2^t)).
 * `adam` adds weight decay to the gradient (coupled L2); `adamw` first shrinks the weight,
 * w *= 1 - lr * wd, outside the adaptive step (decoupled), which is what makes decay work with Adam.
 */
export class AdamOptimizer extends SlotOptimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly decoupled: boolean;

  constructor(
    config: Omit<AdamConfig, 'name'> & { name?: AdamConfig['name'] },
    private readonly decays: (variable: tf.Variable) => boolean = decaysByDefault,
  ) {
    const name = config.name ?? 'adam';
    super(name, ['m', 'v']);
    this.decoupled = name === 'adamw';
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? 1e-8;
    this.weightDecay = config.weightDecay ?? 0;
  }

  protected stepScalars(learningRate: number): StepScalars {
    const correction1 = 1 - this.beta1 ** this.steps;
    const correction2 = Math.sqrt(1 - this.beta2 ** this.steps);
    return {
      beta1: tf.scalar(this.beta1),
      oneMinusBeta1: tf.scalar(1 - this.beta1),
      beta2: tf.scalar(this.beta2),
      oneMinusBeta2: tf.scalar(1 - this.beta2),
      stepSize: tf.scalar((learningRate * correction2) / correction1),
      epsilon: tf.scalar(this.epsilon * correction2),
      weightDecay: tf.scalar(this.weightDecay),
      decayFactor: tf.scalar(1 - learningRate * this.weightDecay),
    };
  }

  protected update(
    variable: tf.Variable,
    gradient: tf.Tensor,
    slots: Record<string, tf.Variable>,
    s: StepScalars,
  ): tf.Tensor {
    const decays = this.weightDecay > 0 && this.decays(variable);
    const g = decays && !this.decoupled ? tf.add(gradient, tf.mul(variable, s.weightDecay!)) : gradient;
    const m = tf.add(tf.mul(slots.m!, s.beta1!), tf.mul(g, s.oneMinusBeta1!));
    const v = tf.add(tf.mul(slots.v!, s.beta2!), tf.mul(tf.square(g), s.oneMinusBeta2!));
    slots.m!.assign(m);
    slots.v!.assign(v);
    const base = decays && this.decoupled ? tf.mul(variable, s.decayFactor!) : variable;
    return tf.sub(base, tf.mul(tf.div(m, tf.add(tf.sqrt(v), s.epsilon!)), s.stepSize!));
  }
}
