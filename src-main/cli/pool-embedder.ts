import type { EvalLfwDeps } from './commands/eval-lfw';
import { embedForVerification } from '../evaluation/lfw-embedder';
import { embedImagesWithModel } from '../models/lfw-model-embedder';
import { defaultFaceSettings } from '../settings/face-settings';
import { VisionWorkerPool } from '../vision/worker-pool';
import { withContainer } from './context';

/**
 * eval-lfw's embedder: a vision worker pool (one worker per core), started for the run and disposed after;
 * with --model, the pipeline aligns the faces and the catalog's model embeds them.
 */
export const poolEmbedder: EvalLfwDeps = {
  async embedImages(paths, onProgress, signal, options) {
    const flipFusion = options?.flipFusion ?? defaultFaceSettings.flipFusion;
    if (options?.model) {
      const { id, catalog } = options.model;
      const spec = await withContainer(catalog ? { catalog } : {}, (app) => app.modelRegistry.specOf(id));
      return embedImagesWithModel(spec, paths, onProgress, signal, flipFusion);
    }
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
