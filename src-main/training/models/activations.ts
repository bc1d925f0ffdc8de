import * as tfl from '@tensorflow/tfjs-layers';

/** A layer whose output a visualization can show as a map: the last layer of the stem or of a stage. */
export interface FeatureLayer {
  /** `stem`, `stage2` ... (each family numbers its stages as its paper does). */
  stage: string;
  /** The layer's name, for {@link layerActivations}. */
  layer: string;
  /** [height, width, channels] of one image's activations. */
  shape: [number, number, number];
}

/** `stem_conv` -> `stem`, `stage3_block2_out` -> `stage3`; other layers belong to no stage. */
const STAGE_OF = /^(stem|stage\d+)_/;

/**
 * The output layer of each stage of a network built here, in order: every builder prefixes a stage's
 * layers with `stem_` or `stageN_`, so a stage's output is the last such layer in topological order with a
 * spatial output (ResNet's `stage5_block2_out`, VGG's `stage5_relu3`, Inception's `stage5_block2_out`,
 * DenseNet's `stage5_final_relu`). The last one is the usual Grad-CAM layer. Works on a saved model too:
 * the names survive saving.
 */
export function listFeatureLayers(model: tfl.LayersModel): FeatureLayer[] {
  const byStage = new Map<string, FeatureLayer>();
  for (const layer of model.layers) {
    const stage = STAGE_OF.exec(layer.name)?.[1];
    const shape = layer.outputShape;
    if (!stage || !Array.isArray(shape) || shape.length !== 4 || Array.isArray(shape[0])) continue;
    const [, height, width, channels] = shape as (number | null)[];
    // Map.set keeps the first insertion's position: stages stay in order while their last layer wins.
    byStage.set(stage, { stage, layer: layer.name, shape: [height!, width!, channels!] });
  }
  return [...byStage.values()];
}

/**
 * A model from `model`'s input to the named layers' outputs, one output per name in order. It shares the
 * layers, and so the weights, of `model` (no copy): it shows what the network computes now, mid-training
 * too, and Grad-CAM can differentiate through it. Dispose only `model`: disposing this one would dispose
 * the shared weights.
 */
export function layerActivations(model: tfl.LayersModel, layerNames: readonly string[]): tfl.LayersModel {
  if (layerNames.length === 0) throw new Error('layerActivations - name at least one layer');
  const outputs = layerNames.map((name) => {
    const layer = model.layers.find((candidate) => candidate.name === name);
    if (!layer) throw new Error(`layerActivations - the model has no layer "${name}"`);
    return layer.output as tfl.SymbolicTensor;
  });
  return tfl.model({ name: `${model.name}_activations`, inputs: model.inputs, outputs });
}
