/**
 * The trainer worker: one per training run, with its own TensorFlow.js engine on the fastest backend that
 * can train (see training-backend.ts), serving one method, `train`, whose signal a stop aborts.
 */
import { serveWorkerRpc } from '../../platform/worker-rpc-server';
import { initTrainingBackend } from '../training-backend';
import type { TrainerMethods, TrainerReady } from './trainer-client';
import type { TrainerEvent } from './trainer-messages';
import { runTrainer } from './run-trainer';

serveWorkerRpc<TrainerMethods, TrainerReady, TrainerEvent>(async () => {
  const { backend, reason } = await initTrainingBackend();
  return {
    ready: { backend, reason },
    handlers: {
      train: (request, { signal, emit }) => runTrainer(request, backend, signal, emit),
    },
  };
});
