import { WorkerRpc } from '../../platform/worker-rpc';
import { workerUrl } from '../../platform/worker-url';
import { configureNativeEnvironment } from '../../vision/native-env';
import type { BackendName } from '../../vision/backend-names';
import type { Trainer } from './train.job';
import type { TrainerEvent, TrainerOutcome, TrainerRequest } from './trainer-messages';

/** The trainer worker's one method. */
export interface TrainerMethods {
  train: { request: TrainerRequest; response: TrainerOutcome };
}

/** What the trainer worker reports once its backend is up. */
export interface TrainerReady {
  backend: BackendName;
  /** Why this backend (e.g. "wasm: native tfjs-node is not provisioned"). */
  reason: string;
}

const trainerUrl = (): URL => workerUrl(import.meta.url, './trainer.worker.ts', 'trainer-worker');

/**
 * A run's trainer: one worker thread with its own TensorFlow.js engine, started for the run and ended with
 * it (a run's memory goes with its worker). A stop aborts the call's signal and waits for the worker's
 * answer: the trainer finishes its step, writes a checkpoint and answers `stopped`.
 */
export function createWorkerTrainer(url: URL = trainerUrl()): Trainer {
  let rpc: Promise<WorkerRpc<TrainerMethods, TrainerReady, TrainerEvent>> | null = null;
  const stopping = new AbortController();
  const started = (): Promise<WorkerRpc<TrainerMethods, TrainerReady, TrainerEvent>> => {
    // One libtensorflow thread per engine: a run uses the other cores through helper engines (parallel/).
    configureNativeEnvironment();
    return (rpc ??= WorkerRpc.start<TrainerMethods, TrainerReady, TrainerEvent>({ url }));
  };
  return {
    async ready() {
      return (await started()).ready.backend;
    },
    async train(request: TrainerRequest, onEvent: (event: TrainerEvent) => void) {
      const worker = await started();
      return worker.call('train', request, {
        signal: stopping.signal,
        whenAborted: 'wait-for-worker',
        onEvent,
      });
    },
    stop() {
      stopping.abort();
    },
    async dispose() {
      if (rpc) await (await rpc.catch(() => null))?.dispose();
    },
  };
}
