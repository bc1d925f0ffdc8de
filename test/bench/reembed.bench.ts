/**
 * Re-embedding rate of `models use` on wasm (or FACEATLAS_BACKEND): a catalog of generated face crops,
 * a ResNet saved as a trained run saves it, at the bundled embedder's 150x150 input, switched to through
 * the `reembed` job. Run: `FACEATLAS_BACKEND=wasm npx tsx test/bench/reembed.bench.ts [faces] [arch|pretrained34] [width]`.
 */
import path from 'node:path';
import { buildPretrainedResNet34 } from '../../src-main/training/models/pretrained-resnet34';
import { buildResNet } from '../../src-main/training/models/resnet';
import type { ResNetArchitecture } from '../../src-main/training/models/resnet';
import { saveLayersModel } from '../../src-main/training/run/save-model';
import { initBackend } from '../../src-main/vision/backend';
import type { ReembedSummary } from '../../src-main/models/model-types';
import { makeTempDir } from '../support/temp';
import { seedTrainingCatalog } from '../support/training-fixture';

const faces = Number(process.argv[2] ?? 120);
const architecture = (process.argv[3] ?? 'resnet18') as ResNetArchitecture;
const width = Number(process.argv[4] ?? 0.5);
const inputSize = 150;

await initBackend('cpu');
const temp = await makeTempDir('reembed-bench');
try {
  const perClass = Math.ceil(faces / 4);
  const { app, catalogDir } = await seedTrainingCatalog(temp.dir, 4, perClass);
  // 'pretrained34': the bundled dlib ResNet-34 itself as a tf.layers model, as fine-tuning starts from it.
  const pretrained = process.argv[3] === 'pretrained34';
  const built = pretrained
    ? buildPretrainedResNet34({ classes: 4, seed: 1 })
    : buildResNet({ architecture, width, inputSize, classes: 4, seed: 1 });
  await saveLayersModel(built.model, path.join(catalogDir, 'runs', '1', 'model'), {
    config: {
      mode: pretrained ? 'finetune' : 'scratch',
      inputSize,
      normalization: pretrained ? 'dlib' : 'unit',
    },
    embeddingLayer: built.embeddingLayer,
  });
  const model = app.repositories.models.register({
    name: 'bench',
    role: 'embedder',
    origin: 'trained',
    path: 'runs/1/model',
    metadata: {},
  });
  const start = performance.now();
  const { jobId } = await app.modelRegistry.use(model);
  const job = await app.jobs.waitFor(jobId as number);
  const seconds = (performance.now() - start) / 1000;
  const summary = job.result as ReembedSummary;
  const rate = summary.embedded / seconds;
  // The embedding alone, workers warm: the same folder under a second name, every face embedded again.
  const again = app.repositories.models.register({
    name: 'bench-warm',
    role: 'embedder',
    origin: 'trained',
    path: 'runs/1/model',
    metadata: {},
  });
  const warmStart = performance.now();
  const missing = app.repositories.embeddings.missing(again, 0, Number.MAX_SAFE_INTEGER);
  const warm = await app.modelRegistry.embedFaces(again, missing);
  const warmSeconds = (performance.now() - warmStart) / 1000;
  console.log(
    JSON.stringify({
      architecture,
      width: pretrained ? 1 : width,
      inputSize,
      parameters: built.parameters,
      faces: summary.embedded,
      seconds: Number(seconds.toFixed(2)),
      facesPerSecond: Number(rate.toFixed(1)),
      // Crops read, embedded and committed, workers warm.
      warmSeconds: Number(warmSeconds.toFixed(2)),
      warmFacesPerSecond: Number((warm.embedded / warmSeconds).toFixed(1)),
      backend: app.indexer.backend(),
      note: 'includes the embedder workers start, the switch (re-cluster) and the A/B report',
    }),
  );
  await app.shutdown();
} finally {
  await temp.cleanup();
}
