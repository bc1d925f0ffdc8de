import type * as tfl from '@tensorflow/tfjs-layers';
import { listFeatureLayers } from '../training/models/activations';
import { PRETRAINED_STAGES } from '../training/models/pretrained-resnet34/resnet34-stages';
import type { FeatureLayer } from './feature-map-views';

type Shape = (number | null)[];

function shapeOf(layer: tfl.layers.Layer): [number, number, number] | null {
  const shape = layer.outputShape;
  if (!Array.isArray(shape) || shape.length !== 4 || Array.isArray(shape[0])) return null;
  const [, height, width, channels] = shape as Shape;
  return height && width && channels ? [height, width, channels] : null;
}

function described(layer: tfl.layers.Layer): FeatureLayer | null {
  const shape = shapeOf(layer);
  return shape ? { name: layer.name, height: shape[0], width: shape[1], channels: shape[2] } : null;
}

/**
 * The dlib ResNet-34's stage outputs (the bundled embedder and models fine-tuned from it): its layers are
 * named after the weights (`conv64_3_out`), not `stageN_`, so listFeatureLayers sees only `stem_pool`.
 */
function pretrainedLayers(model: tfl.LayersModel): FeatureLayer[] | null {
  const names = PRETRAINED_STAGES.map((stage, i) => (i === 0 ? 'stem_pool' : `${stage.blocks.at(-1)}_out`));
  const layers = names.map((name) => model.layers.find((layer) => layer.name === name));
  if (layers.some((layer) => !layer)) return null;
  const shown = layers.map((layer) => described(layer!));
  return shown.every((layer) => layer !== null) ? shown : null;
}

/**
 * The layers whose activations can be shown, input to output: each stage's output (listFeatureLayers for
 * the families built here, the stage ends of dlib's ResNet-34), or, for an imported layers model whose
 * names follow neither, every layer with a spatial output. The last one is Grad-CAM's layer.
 */
export function featureLayersOf(model: tfl.LayersModel): FeatureLayer[] {
  const pretrained = pretrainedLayers(model);
  if (pretrained) return pretrained;
  const stages = listFeatureLayers(model).map(({ layer, shape }) => ({
    name: layer,
    height: shape[0],
    width: shape[1],
    channels: shape[2],
  }));
  if (stages.length > 0) return stages;
  return model.layers
    .slice(1)
    .map(described)
    .filter((layer): layer is FeatureLayer => layer !== null);
}
