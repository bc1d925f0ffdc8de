import * as tfl from '@tensorflow/tfjs-layers';
import { embeddingAndLogits, EMBEDDING_LAYER } from '../embedding-output';
import { checkNetworkOptions, type BuiltNetwork, type NetworkOptions } from '../network-options';
import { stemFor } from '../resnet/resnet-architectures';
import { SeededLayers } from '../resnet/resnet-layers';
import { vggArchitectures, vggLayouts, vggStageChannels, type VggArchitecture } from './vgg-architectures';

type Symbolic = tfl.SymbolicTensor;

export interface VggOptions extends NetworkOptions {
  architecture: VggArchitecture;
}

/**
 * Builds a compact VGG (Simonyan & Zisserman 2014) with batch norm after each convolution, as in
 * torchvision's `vgg*_bn`, for face identification: five stages of 3x3 convolutions (`stage1_conv1`,
 * `stage1_bn1`, `stage1_relu1` ... `stage5_relu3`), a 2x2 max pool opening stages 2-5 (`stage2_pool`), so
 * each stage's last ReLU is its full-resolution output. The three 4096-wide dense layers, nine tenths of
 * VGG's weights, are replaced by global average pooling and the `embedding`, as in ResNet.
 *
 * The stem convention is ResNet's: a small input keeps its resolution into stage 1 (64x64 ends at 4x4); from
 * 112 pixels stage 1's first convolution has stride 2 (112 ends at 4x4 too, at a quarter of the compute).
 */
export function buildVgg(options: VggOptions): BuiltNetwork {
  const { architecture } = options;
  if (!vggArchitectures.includes(architecture)) {
    throw new Error(`VGG - unknown architecture "${String(architecture)}"`);
  }
  const config = checkNetworkOptions('VGG', options);
  const channels = vggStageChannels(config.width);
  const layers = new SeededLayers(config.seed);
  const firstStride = stemFor(config.inputSize) === 'large' ? 2 : 1;

  const image = tfl.input({ name: 'image', shape: [config.inputSize, config.inputSize, 3] });
  let x: Symbolic = image;
  vggLayouts[architecture].forEach((convolutions, index) => {
    const stage = `stage${index + 1}`;
    if (index > 0) {
      x = tfl.layers
        .maxPooling2d({ name: `${stage}_pool`, poolSize: 2, strides: 2, padding: 'same' })
        .apply(x) as Symbolic;
    }
    for (let c = 1; c <= convolutions; c++) {
      const stride = index === 0 && c === 1 ? firstStride : 1;
      x = layers.conv(x, `${stage}_conv${c}`, channels[index]!, 3, stride);
      x = layers.relu(layers.batchNorm(x, `${stage}_bn${c}`), `${stage}_relu${c}`);
    }
  });
  const logits = embeddingAndLogits(layers, x, config);
  const model = tfl.model({ name: architecture, inputs: image, outputs: logits });
  return { model, embeddingLayer: EMBEDDING_LAYER, parameters: model.countParams() };
}
