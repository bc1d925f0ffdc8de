import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, LayerVariable } from '@tensorflow/tfjs-layers';
import { WorkerRpc } from '../../platform/worker-rpc';
import { workerUrl } from '../../platform/worker-url';
import type { BackendName } from '../../vision/backend-names';
import { packTensors, unpackTensors } from './flat-tensors';
import { assignShards, cutShards, disposeShards, type Shard } from './ghost-shards';
import type { GradientStep } from './gradient-step';
import { fixedWeights, stepWeights } from './model-weights';
import type {
  ReplicaMethods,
  ReplicaModelSpec,
  ReplicaShard,
  ReplicaStep,
  ReplicaSums,
  WeightSpec,
} from './replica-messages';
import { shardGradients, writeState, type LossFunction } from './shard-gradients';

type Replica = WorkerRpc<ReplicaMethods>;

/** Options of {@link parallelGradientStep}. */
export interface ParallelOptions {
  /** The trainer's model: replica 0, whose weights every replica computes with. */
  model: LayersModel;
  /** The run's loss, as the trainer computes it; the replicas build theirs from `network`. */
  loss: LossFunction;
  /** What the replicas build: the run's network, by the trainer's own code. */
  network: ReplicaModelSpec;
  /** Ghost batches per batch. */
  shards: number;
  /** Threads: this one and `replicas - 1` helper workers (at least 2). */
  replicas: number;
  /** The trainer's backend: the replicas load the same one, or their gradients would differ. */
  backend: BackendName;
  /** The replica worker's entry (tests pass one that fails). */
  replicaUrl?: URL;
}

const replicaUrl = (): URL => workerUrl(import.meta.url, './replica.worker.ts', 'training-replica-worker');

function dataParallelError(message: string): Error {
  return new Error(`data-parallel training - ${message}`);
}

function sameSpecs(mine: readonly WeightSpec[], theirs: readonly WeightSpec[]): boolean {
  return (
    mine.length === theirs.length &&
    mine.every(
      (spec, k) => spec.name === theirs[k]!.name && tf.util.arraysEqual(spec.shape, theirs[k]!.shape),
    )
  );
}

const specsOf = (weights: readonly LayerVariable[]): WeightSpec[] =>
  weights.map((weight) => ({ name: weight.originalName, shape: weight.shape as number[] }));

async function startReplica(options: ParallelOptions, index: number): Promise<Replica> {
  const { model } = options;
  const replica = await WorkerRpc.start<ReplicaMethods>({
    url: options.replicaUrl ?? replicaUrl(),
    makeError: (message) => dataParallelError(`replica ${index} of ${options.replicas}: ${message}`),
  });
  try {
    const loaded = await replica.call('load', { ...options.network, backend: options.backend });
    if (
      !sameSpecs(specsOf(stepWeights(model)), loaded.step) ||
      !sameSpecs(specsOf(fixedWeights(model)), loaded.fixed)
    ) {
      throw dataParallelError(`replica ${index} built a model with other weights than the trainer's`);
    }
    return replica;
  } catch (error) {
    await replica.dispose();
    throw error;
  }
}

async function toReplicaShards(shards: readonly Shard[]): Promise<ReplicaShard[]> {
  return Promise.all(
    shards.map(async (shard) => ({
      // A copy: on the cpu backend a slice's data may be a view of the whole batch, which a transfer detaches.
      x: ((await shard.x.data()) as Float32Array).slice(),
      shape: shard.x.shape,
      y: Int32Array.from(await shard.y.data()),
      weight: shard.weight,
    })),
  );
}

/** Adds a replica's packed sums (in model order) onto this thread's, freeing the ones replaced. */
function addPacked(sums: tf.Tensor[], packed: Float32Array): tf.Tensor[] {
  const theirs = unpackTensors(
    packed,
    sums.map((tensor) => tensor.shape),
  );
  const added = sums.map((tensor, k) => tf.add(tensor, theirs[k]!));
  tf.dispose([...sums, ...theirs]);
  return added;
}

/**
 * Data-parallel gradients on `replicas` threads (wasm runs one thread per engine: one engine per core).
 * Each step the batch is cut into the run's ghost batches, shared out (the trainer keeps the first ones),
 * and every helper gets the trainer's current weights with its shards: 0.7M floats (2.8 MB, ResNet-18 at
 * width 0.25) each way per helper and step, transferred, a millisecond next to a step of seconds. Sending
 * weights rather than keeping optimizers in step on every replica means a replica holds no state between
 * steps: a resumed run's restored weights reach the replicas with its first step, and nothing can drift.
 * The sums come back as transferred buffers and are added in replica order. A helper that fails or dies
 * fails the step with an error naming it; a stop is only looked at between steps, after every helper
 * answered.
 */
export async function parallelGradientStep(options: ParallelOptions): Promise<GradientStep> {
  const { model, loss, shards, replicas } = options;
  if (!(replicas >= 2)) throw dataParallelError(`needs 2 or more replicas, got ${replicas}`);
  const started = await Promise.allSettled(
    Array.from({ length: replicas - 1 }, (_, k) => startReplica(options, k + 2)),
  );
  const helpers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(helpers.map((helper) => helper.dispose()));
    throw failed.reason instanceof Error ? failed.reason : dataParallelError(String(failed.reason));
  }
  let disposed = false;
  // Frozen weights never change while training: each helper gets them with its first step only.
  const needsFixed = helpers.map(() => true);
  return {
    shards,
    replicas,
    async computeGradients(batch) {
      if (disposed) throw dataParallelError('the step was disposed');
      const parts = cutShards(batch, shards);
      const [mine, ...theirs] = assignShards(parts, replicas);
      try {
        // The weights before this thread's forward pass moves its moving statistics.
        const weights = await packTensors(stepWeights(model).map((weight) => weight.read()));
        const fixed = needsFixed.some(Boolean)
          ? await packTensors(fixedWeights(model).map((weight) => weight.read()))
          : null;
        const calls: Promise<ReplicaSums>[] = [];
        for (const [k, shardsOf] of theirs.entries()) {
          if (shardsOf.length === 0) continue;
          const step: ReplicaStep = { weights: weights.slice(), shards: await toReplicaShards(shardsOf) };
          if (fixed && needsFixed[k]) step.fixed = fixed.slice();
          needsFixed[k] = false;
          const transfer = [step.weights, step.fixed, ...step.shards.map((shard) => shard.x)]
            .filter((array) => array !== undefined)
            .map((array) => array.buffer);
          calls.push(helpers[k]!.call('gradients', step, { transfer }));
        }
        // Settled, so that a failure of this thread's own part leaves no helper's rejection unheard.
        const answers = Promise.allSettled(calls);
        let sums;
        try {
          sums = shardGradients(model, loss, mine ?? []);
        } catch (error) {
          await answers;
          throw error;
        }
        let lossSum = (await sums.loss.data())[0]!;
        let correct = (await sums.correct.data())[0]!;
        tf.dispose([sums.loss, sums.correct]);
        let gradients = sums.gradients;
        let state = sums.state;
        for (const answer of await answers) {
          if (answer.status === 'rejected') {
            tf.dispose([...gradients, ...state]);
            throw answer.reason instanceof Error ? answer.reason : dataParallelError(String(answer.reason));
          }
          lossSum += answer.value.loss;
          correct += answer.value.correct;
          gradients = addPacked(gradients, answer.value.gradients);
          state = addPacked(state, answer.value.state);
        }
        writeState(model, state);
        return { loss: lossSum, correct, gradients };
      } finally {
        disposeShards(parts);
      }
    },
    async dispose() {
      disposed = true;
      await Promise.all(helpers.map((helper) => helper.dispose()));
    },
  };
}
