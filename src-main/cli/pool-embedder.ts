import type { EvalLfwDeps } from './commands/eval-lfw';
import { embedForVerification } from '../evaluation/lfw-embedder';
import { defaultFaceSettings } from '../settings/face-settings';
import { VisionWorkerPool } from '../vision/worker-pool';

/** eval-lfw's embedder: a vision worker pool (one worker per core), started for the run and disposed after. */
export const poolEmbedder: EvalLfwDeps = {
  async embedImages(paths, onProgress, signal, options) {
    const pool = await VisionWorkerPool.create();
    try {
      return await embedForVerification(
        pool,
        paths,
        onProgress,
        signal,
        options?.flipFusion ?? defaultFaceSettings.flipFusion,
      );
    } finally {
      await pool.dispose();
    }
  },
};
