import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../../../src-main/training/optim/create-optimizer';
import type { OptimizerConfig } from '../../../src-main/training/optim/optimizer-config';
import type { TrainOptimizer } from '../../../src-main/training/optim/train-optimizer';
import { initBackend } from '../../../src-main/vision/backend';

// cpu unless FACEATLAS_BACKEND names another: the same tests check wasm and native.
beforeAll(() => initBackend(process.env.FACEATLAS_BACKEND ?? 'cpu'));

let nameCount = 0;
/** A variable named like a tf.layers weight (`<layer>/<weight>`), unique in the process. */
const variable = (values: number[], weight = 'kernel'): tf.Variable =>
  tf.variable(tf.tensor1d(values), true, `layer${nameCount++}/${weight}`);

const W0 = [0.5, -1, 2];
/** Gradients of successive steps (fixed, so the reference can replay them). */
const GRADIENTS = [
  [0.1, -0.2, 0.3],
  [-0.4, 0.5, 0.1],
  [0.2, 0.2, -0.6],
];
const RATES = [0.1, 0.05, 0.02];

/** Runs `steps` steps on a kernel and a batch-norm gamma with the same start, returns both. */
function run(config: OptimizerConfig, steps = GRADIENTS.length): { kernel: number[]; gamma: number[] } {
  const optimizer = createOptimizer(config);
  const kernel = variable(W0);
  const gamma = variable(W0, 'gamma');
  for (let step = 0; step < steps; step++) {
    const g = [tf.tensor1d(GRADIENTS[step]!), tf.tensor1d(GRADIENTS[step]!)];
    optimizer.applyGradients([kernel, gamma], g, RATES[step]!);
    tf.dispose(g);
  }
  const result = { kernel: [...kernel.dataSync()], gamma: [...gamma.dataSync()] };
  tf.dispose([kernel, gamma]);
  optimizer.dispose();
  return result;
}

/** PyTorch's SGD, element by element, in float64. */
function referenceSgd(momentum: number, nesterov: boolean, decay: number): number[] {
  return W0.map((w0, i) => {
    let w = w0;
    let velocity = 0;
    GRADIENTS.forEach((gradients, step) => {
      const g = gradients[i]! + decay * w;
      velocity = momentum * velocity + g;
      w -= RATES[step]! * (nesterov ? g + momentum * velocity : velocity);
    });
    return w;
  });
}

/** PyTorch's Adam (coupled decay) or AdamW (decoupled), element by element, in float64. */
function referenceAdam(decay: number, decoupled: boolean): number[] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  return W0.map((w0, i) => {
    let [w, m, v] = [w0, 0, 0];
    GRADIENTS.forEach((gradients, step) => {
      const t = step + 1;
      const lr = RATES[step]!;
      let g = gradients[i]!;
      if (decoupled) w *= 1 - lr * decay;
      else g += decay * w;
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      w -= (lr / (1 - b1 ** t)) * (m / (Math.sqrt(v / (1 - b2 ** t)) + eps));
    });
    return w;
  });
}

const close = (actual: number[], expected: number[]): void =>
  expect(actual).toEqual(expected.map((value) => expect.closeTo(value, 5) as unknown));

describe('optimizers match PyTorch update rules', () => {
  it('SGD with momentum and coupled weight decay on kernels only', () => {
    const { kernel, gamma } = run({ name: 'sgd', momentum: 0.9, weightDecay: 0.1 });
    close(kernel, referenceSgd(0.9, false, 0.1));
    close(gamma, referenceSgd(0.9, false, 0)); // batch-norm scale: no decay
  });

  it('SGD with Nesterov momentum', () => {
    close(run({ name: 'sgd', momentum: 0.8, nesterov: true }).kernel, referenceSgd(0.8, true, 0));
  });

  it('plain SGD (momentum 0) keeps no state', () => {
    const optimizer = createOptimizer({ name: 'sgd', momentum: 0 });
    const w = variable([1, 2]);
    const g = tf.tensor1d([0.5, -0.5]);
    optimizer.applyGradients([w], [g], 0.1);
    close([...w.dataSync()], [0.95, 2.05]);
    const state = optimizer.getState();
    expect(state.map((entry) => entry.name)).toEqual(['sgd/step']);
    tf.dispose([w, g, ...state.map((entry) => entry.tensor)]);
    optimizer.dispose();
  });

  it('Adam with coupled L2 decay', () => {
    const { kernel, gamma } = run({ name: 'adam', weightDecay: 0.1 });
    close(kernel, referenceAdam(0.1, false));
    close(gamma, referenceAdam(0, false));
  });

  it('AdamW with decoupled decay, which differs from coupled', () => {
    const { kernel, gamma } = run({ name: 'adamw', weightDecay: 0.1 });
    close(kernel, referenceAdam(0.1, true));
    close(gamma, referenceAdam(0, true));
    expect(Math.abs(kernel[2]! - referenceAdam(0.1, false)[2]!)).toBeGreaterThan(1e-4);
  });
});

describe('optimizer state', () => {
  const configs: OptimizerConfig[] = [
    { name: 'sgd', momentum: 0.9, nesterov: true, weightDecay: 0.01 },
    { name: 'adam', weightDecay: 0.01 },
    { name: 'adamw', weightDecay: 0.01 },
  ];

  it.each(configs)('$name: a restored optimizer continues exactly like the original', (config) => {
    const original = createOptimizer(config);
    const w = variable(W0);
    const step = (optimizer: TrainOptimizer, target: tf.Variable, index: number): void => {
      const g = tf.tensor1d(GRADIENTS[index % GRADIENTS.length]!);
      optimizer.applyGradients([target], [g], 0.05);
      g.dispose();
    };
    step(original, w, 0);
    step(original, w, 1);

    const state = original.getState();
    const restored = createOptimizer(config);
    restored.setState(state);
    tf.dispose(state.map((entry) => entry.tensor)); // the restored optimizer holds its own copies
    const copy = variable([...w.dataSync()]);
    for (let i = 2; i < 5; i++) {
      step(original, w, i);
      step(restored, copy, i);
    }
    expect([...copy.dataSync()]).toEqual([...w.dataSync()]);
    tf.dispose([w, copy]);
    original.dispose();
    restored.dispose();
  });

  it('names the state by optimizer, slot and position', () => {
    const optimizer = createOptimizer({ name: 'adam' });
    const vars = [variable([1]), variable([1, 2], 'bias')];
    const grads = [tf.tensor1d([0.1]), tf.tensor1d([0.1, 0.2])];
    optimizer.applyGradients(vars, grads, 0.1);
    const state = optimizer.getState();
    expect(state.map((entry) => entry.name).sort()).toEqual([
      'adam/m/0',
      'adam/m/1',
      'adam/step',
      'adam/v/0',
      'adam/v/1',
    ]);
    expect(state.find((entry) => entry.name === 'adam/step')!.tensor.dataSync()[0]).toBe(1);
    tf.dispose([...vars, ...grads, ...state.map((entry) => entry.tensor)]);
    optimizer.dispose();
  });

  it("refuses another optimizer's state and state of another model's shapes", () => {
    const sgd = createOptimizer({ name: 'sgd' });
    const w = variable([1, 2]);
    const g = tf.tensor1d([0.1, 0.1]);
    sgd.applyGradients([w], [g], 0.1);
    const state = sgd.getState();
    const adam = createOptimizer({ name: 'adam' });
    expect(() => adam.setState(state)).toThrow('adam - unexpected state "sgd/');

    const other = createOptimizer({ name: 'sgd' });
    other.setState(state);
    const wider = variable([1, 2, 3]);
    const widerGradient = tf.tensor1d([0.1, 0.1, 0.1]);
    expect(() => other.applyGradients([wider], [widerGradient], 0.1)).toThrow('has shape [2]');
    tf.dispose([w, g, wider, widerGradient, ...state.map((entry) => entry.tensor)]);
    [sgd, adam, other].forEach((optimizer) => optimizer.dispose());
  });

  it('refuses mismatched lists and a bad learning rate', () => {
    const optimizer = createOptimizer({ name: 'sgd' });
    const w = variable([1]);
    const g = tf.tensor1d([1]);
    expect(() => optimizer.applyGradients([w], [], 0.1)).toThrow('1 variables but 0 gradients');
    expect(() => optimizer.applyGradients([w], [g], Number.NaN)).toThrow('learning rate');
    tf.dispose([w, g]);
    optimizer.dispose();
  });

  it.each(configs)('$name: no tensor leaks over steps, and dispose frees the state', (config) => {
    const optimizer = createOptimizer(config);
    const vars = [variable(W0), variable(W0, 'beta'), variable([0.1, 0.2], 'bias')];
    const grads = vars.map((v) => tf.onesLike(v));
    optimizer.applyGradients(vars, grads, 0.1); // creates the slots
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) optimizer.applyGradients(vars, grads, 0.1);
    expect(tf.memory().numTensors).toBe(before);
    const state = optimizer.getState();
    tf.dispose(state.map((entry) => entry.tensor));
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
    tf.dispose([...vars, ...grads]);
  });
});
