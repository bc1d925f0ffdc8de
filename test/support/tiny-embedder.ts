import fs from 'node:fs/promises';
import path from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { saveLayersModel } from '../../src-main/training/run/save-model';

/**
 * Saves a tiny tf.layers face embedder (conv, pooling, an `embedding` dense layer, 128 wide unless told, and a class
 * layer after it) in the format trained runs use (model.json + weights.bin + faceatlas.json). Call with a
 * tfjs backend initialised in this thread.
 */
export async function saveTinyEmbedder(
  folder: string,
  options: { inputSize?: number; seed?: number; faceatlas?: boolean; embeddingSize?: number } = {},
): Promise<void> {
  const inputSize = options.inputSize ?? 32;
  const seed = options.seed ?? 1;
  const input = tfl.input({ shape: [inputSize, inputSize, 3] });
  let x = tfl.layers
    .conv2d({
      filters: 8,
      kernelSize: 3,
      strides: 2,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed }),
    })
    .apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const embedding = tfl.layers
    .dense({
      units: options.embeddingSize ?? 128,
      name: 'embedding',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
    })
    .apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: 3, name: 'logits' }).apply(embedding) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: logits });
  const extra = {
    runId: 1,
    config: { mode: 'scratch', inputSize, normalization: 'unit' },
    classes: [],
    embeddingLayer: 'embedding',
    metrics: {},
  };
  await saveLayersModel(model, folder, extra);
  model.dispose();
  if (options.faceatlas === false) await fs.rm(path.join(folder, 'faceatlas.json'));
}

/** A layers model whose input is a vector, not an image: a folder no face embedder can be. */
export async function saveVectorModel(folder: string): Promise<void> {
  const input = tfl.input({ shape: [64] });
  const output = tfl.layers.dense({ units: 128, name: 'embedding' }).apply(input) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  await saveLayersModel(model, folder, { config: { inputSize: 64, normalization: 'unit' } });
  model.dispose();
}

/**
 * A hand-written TensorFlow.js graph model (what tensorflowjs_converter emits for a frozen graph): the
 * image's mean colour (Mean over height and width) times a 3x128 matrix. Its input is [any, size, size, 3].
 */
export async function saveTinyGraphModel(folder: string, size = 32): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  const dims = (shape: number[]) => ({ dim: shape.map((n) => ({ size: String(n) })) });
  const float = { type: 'DT_FLOAT' };
  const int = { type: 'DT_INT32' };
  const constant = (name: string, dtype: string, shape: number[]) => ({
    name,
    op: 'Const',
    attr: { dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: dims(shape) } } },
  });
  const json = {
    format: 'graph-model',
    generatedBy: 'faceatlas test',
    convertedBy: 'hand',
    modelTopology: {
      node: [
        {
          name: 'image',
          op: 'Placeholder',
          attr: { dtype: float, shape: { shape: dims([-1, size, size, 3]) } },
        },
        constant('axes', 'DT_INT32', [2]),
        {
          name: 'colour',
          op: 'Mean',
          input: ['image', 'axes'],
          attr: { T: float, Tidx: int, keep_dims: { b: false } },
        },
        constant('projection', 'DT_FLOAT', [3, 128]),
        {
          name: 'embedding',
          op: 'MatMul',
          input: ['colour', 'projection'],
          attr: { T: float, transpose_a: { b: false }, transpose_b: { b: false } },
        },
      ],
      versions: { producer: 1 },
    },
    weightsManifest: [
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'axes', shape: [2], dtype: 'int32' },
          { name: 'projection', shape: [3, 128], dtype: 'float32' },
        ],
      },
    ],
  };
  const axes = new Int32Array([1, 2]);
  const projection = Float32Array.from({ length: 3 * 128 }, (_, i) => Math.sin(i * 12.9898) * 0.5);
  await fs.writeFile(
    path.join(folder, 'group1-shard1of1.bin'),
    Buffer.concat([Buffer.from(axes.buffer), Buffer.from(projection.buffer)]),
  );
  await fs.writeFile(path.join(folder, 'model.json'), JSON.stringify(json));
}
