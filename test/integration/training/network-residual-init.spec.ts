import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-main/training/config/train-config';
import { buildNetwork } from '../../../src-main/training/run/network';
import type { TrainerRequest } from '../../../src-main/training/run/trainer-messages';
import { initTrainingBackend } from '../../../src-main/training/training-backend';

/** A ResNet-18 run's request: nothing trains here, so no faces. */
function request(optimizer: string): TrainerRequest {
  return {
    runId: 1,
    config: parseTrainConfig({ mode: 'scratch', width: 0.125, inputSize: 64, optimizer, seed: 3 }),
    catalogDir: '',
    runDir: '',
    classes: [0, 1, 2].map((index) => ({ personId: index + 1, name: `P${index}`, index })),
    train: [],
    val: [],
    test: [],
    resumeFrom: null,
  };
}

/** The distinct values of the scales of every residual branch's last batch norm (`..._bn2/gamma`). */
function branchScales(optimizer: string): number[] {
  const req = request(optimizer);
  const network = buildNetwork(req.config, req, [64, 64, 3]);
  try {
    const scales = network.model.weights.filter((w) => /block\d+_bn2\/gamma/.test(w.originalName));
    expect(scales).toHaveLength(8);
    return [...new Set(scales.flatMap((w) => Array.from(w.read().dataSync())))];
  } finally {
    network.dispose();
  }
}

describe("a ResNet's residual branches at the start of a run", () => {
  beforeAll(async () => {
    await initTrainingBackend();
  });

  it('start at zero under SGD, and at one under Adam and AdamW, whose steps would leave them near zero', () => {
    const tensors = tf.memory().numTensors;
    expect(branchScales('sgd')).toEqual([0]);
    expect(branchScales('adam')).toEqual([1]);
    expect(branchScales('adamw')).toEqual([1]);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
