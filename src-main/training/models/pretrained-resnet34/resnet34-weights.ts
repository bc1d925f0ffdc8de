import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { WeightMap } from '../../../vision/model-files';
import { EMBEDDING_LAYER } from '../resnet/resnet-builder';
import { PRETRAINED_STAGES } from './resnet34-stages';

/** The dlib conv layers of a block: weight prefix and layer-name suffix (`conv64_down/conv1` -> `1`). */
function convLayersOf(block: string): { prefix: string; suffix: string }[] {
  return block === PRETRAINED_STAGES[0].blocks[0]
    ? [{ prefix: block, suffix: '' }]
    : ['1', '2'].map((n) => ({ prefix: `${block}/conv${n}`, suffix: n }));
}

/**
 * Copies one dlib conv layer (`<prefix>/conv/{filters,bias}`, `<prefix>/scale/{weights,biases}`) into the
 * block's conv and ScaleShift layers. The conv bias moves into the shift: (conv(x) + b) * s + t =
 * conv(x) * s + (b * s + t), one vector fewer to train for the same function.
 */
function loadConvScale(model: tfl.LayersModel, w: WeightMap, block: string, prefix: string, suffix: string) {
  const scale = w.tensor1d(`${prefix}/scale/weights`);
  const shift = tf.tidy(() =>
    tf.add(tf.mul(w.tensor1d(`${prefix}/conv/bias`), scale), w.tensor1d(`${prefix}/scale/biases`)),
  );
  model.getLayer(`${block}_conv${suffix}`).setWeights([w.tensor4d(`${prefix}/conv/filters`)]);
  model.getLayer(`${block}_scale${suffix}`).setWeights([scale, shift]);
  shift.dispose();
}

/**
 * Writes the bundled weights (`@vladmandic/face-api/model/face_recognition_model*`, read from disk) into a
 * graph built by buildResNet34Body: every conv, scale and the fc layer `embedding`. setWeights copies, so
 * the decoded map is freed afterwards.
 */
export function loadPretrainedWeights(model: tfl.LayersModel): void {
  WeightMap.build('face_recognition_model', (w) => {
    for (const stage of PRETRAINED_STAGES) {
      for (const block of stage.blocks) {
        for (const { prefix, suffix } of convLayersOf(block)) loadConvScale(model, w, block, prefix, suffix);
      }
    }
    model.getLayer(EMBEDDING_LAYER).setWeights([w.tensor2d('fc')]);
  });
}
