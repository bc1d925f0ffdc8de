import * as tfl from '@tensorflow/tfjs-layers';
import { CosineDense } from './heads/cosine-dense-layer';
import { L2Normalize } from './heads/l2-normalize-layer';
import { EMBEDDING_LAYER, type ResNetClassifier } from './network-options';
import type { SeededLayers } from './resnet/resnet-layers';

export { EMBEDDING_LAYER };

type Symbolic = tfl.SymbolicTensor;

/**
 * The `logits` layer, as ResNet's: a dense layer with bias, or the cosines between the L2-normalised
 * embedding and unit class directions (scale 1, fixed: a margin loss applies its own).
 */
function classifierHead(
  layers: SeededLayers,
  embedding: Symbolic,
  kind: ResNetClassifier,
  classes: number,
): Symbolic {
  if (kind === 'dense') return layers.dense(embedding, 'logits', classes, true);
  const unit = new L2Normalize({ name: 'embedding_normalized' }).apply(embedding) as Symbolic;
  // The dense layer's seed slot: the layers before it start from the same weights either way.
  const cosine = new CosineDense({
    name: 'logits',
    units: classes,
    scale: 1,
    learnScale: false,
    seed: layers.nextSeed(),
  });
  return cosine.apply(unit) as Symbolic;
}

/**
 * The end every network shares with ResNet's: global average pooling (`pool`), the `embedding` (dense
 * without bias, then batch norm) and the `logits` layer. Returns the logits.
 */
export function embeddingAndLogits(
  layers: SeededLayers,
  features: Symbolic,
  options: { embeddingSize: number; classes: number; classifier: ResNetClassifier },
): Symbolic {
  let x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(features) as Symbolic;
  // No bias before batch norm: its shift would be subtracted right away.
  x = layers.dense(x, 'embedding_dense', options.embeddingSize, false);
  const embedding = layers.batchNorm(x, EMBEDDING_LAYER);
  return classifierHead(layers, embedding, options.classifier, options.classes);
}
