import * as tfl from '@tensorflow/tfjs-layers';
import { EMBEDDING_LAYER } from '../resnet/resnet-builder';
import { PadChannels } from './pad-channels-layer';
import { PRETRAINED_EMBEDDING_SIZE, PRETRAINED_INPUT_SIZE, PRETRAINED_STAGES } from './resnet34-stages';
import { ScaleShift } from './scale-shift-layer';

type Symbolic = tfl.SymbolicTensor;

/** Layers named `<block>_...` after the weights they take (`conv64_down_conv1` <- `conv64_down/conv1/...`). */
class BodyLayers {
  constructor(private readonly frozen: ReadonlySet<string>) {}

  /**
   * A bias-free convolution, then {@link ScaleShift} (which takes dlib's conv bias into its shift), in the
   * block's trainability. Zero-initialised: the loader writes every weight, and zeros would show a miss.
   */
  convScale(x: Symbolic, block: string, suffix: string, shape: ConvShape): Symbolic {
    const trainable = !this.frozen.has(block);
    const conv = tfl.layers.conv2d({
      name: `${block}_conv${suffix}`,
      filters: shape.filters,
      kernelSize: shape.kernelSize,
      strides: shape.strides,
      padding: shape.padding,
      useBias: false,
      kernelInitializer: 'zeros',
      trainable,
    });
    const scaled = new ScaleShift({ name: `${block}_scale${suffix}`, trainable });
    return scaled.apply(conv.apply(x)) as Symbolic;
  }

  relu(x: Symbolic, name: string): Symbolic {
    return tfl.layers.reLU({ name }).apply(x) as Symbolic;
  }
}

interface ConvShape {
  filters: number;
  kernelSize: number;
  strides: number;
  padding: 'same' | 'valid';
}

const spatial = (x: Symbolic): [number, number] => [x.shape[1]!, x.shape[2]!];

/** dlib's plain block: two 3x3 convolutions, identity shortcut. */
function residual(layers: BodyLayers, x: Symbolic, block: string, channels: number): Symbolic {
  const same = { filters: channels, kernelSize: 3, strides: 1, padding: 'same' } as const;
  let y = layers.relu(layers.convScale(x, block, '1', same), `${block}_relu1`);
  y = layers.convScale(y, block, '2', same);
  const sum = tfl.layers.add({ name: `${block}_add` }).apply([y, x]) as Symbolic;
  return layers.relu(sum, `${block}_out`);
}

/**
 * dlib's downsampling block: a 3x3/2 'valid' convolution then a 3x3 one; the shortcut is a 2x2/2 average
 * pool zero-padded to the new width. Where the strided convolution comes out one row/column smaller than
 * the pool (odd sizes), the residual branch is zero-padded bottom/right, as face-api and our inference
 * graph (vision/embedder-resnet/resnet-graph.ts) do.
 */
function residualDown(layers: BodyLayers, x: Symbolic, block: string, channels: number): Symbolic {
  let y = layers.convScale(x, block, '1', { filters: channels, kernelSize: 3, strides: 2, padding: 'valid' });
  y = layers.relu(y, `${block}_relu1`);
  y = layers.convScale(y, block, '2', { filters: channels, kernelSize: 3, strides: 1, padding: 'same' });
  let shortcut = tfl.layers
    .averagePooling2d({ name: `${block}_pool`, poolSize: 2, strides: 2, padding: 'valid' })
    .apply(x) as Symbolic;
  const [rows, cols] = spatial(shortcut);
  const [height, width] = spatial(y);
  if (rows > height || cols > width) {
    const padding: [[number, number], [number, number]] = [
      [0, rows - height],
      [0, cols - width],
    ];
    y = tfl.layers.zeroPadding2d({ name: `${block}_pad`, padding }).apply(y) as Symbolic;
  }
  if (shortcut.shape[3]! < channels) {
    shortcut = new PadChannels({ name: `${block}_pool_pad`, channels }).apply(shortcut) as Symbolic;
  }
  const sum = tfl.layers.add({ name: `${block}_add` }).apply([shortcut, y]) as Symbolic;
  return layers.relu(sum, `${block}_out`);
}

/**
 * The bundled ResNet-34 as a trainable tf.layers graph, weights not yet loaded: image (150x150, 'dlib'
 * normalisation, see dataset/normalization.ts) -> stem (7x7/2 'valid' + 3x3/2 max pool) -> 14 residual
 * blocks -> global average pool -> `embedding` (dense 256 -> 128, no bias: dlib's fc). Every convolution
 * is unfused (conv, {@link ScaleShift}, ReLU layers): tfjs has gradients for each, not for the fused
 * relu6 convolutions the inference graphs run. Blocks named in `frozen` are built non-trainable.
 */
export function buildResNet34Body(frozen: ReadonlySet<string>): { image: Symbolic; embedding: Symbolic } {
  const layers = new BodyLayers(frozen);
  const image = tfl.input({ name: 'image', shape: [PRETRAINED_INPUT_SIZE, PRETRAINED_INPUT_SIZE, 3] });
  const stem = PRETRAINED_STAGES[0].blocks[0];
  let x = layers.convScale(image, stem, '', { filters: 32, kernelSize: 7, strides: 2, padding: 'valid' });
  x = layers.relu(x, `${stem}_relu`);
  x = tfl.layers
    .maxPooling2d({ name: 'stem_pool', poolSize: 3, strides: 2, padding: 'valid' })
    .apply(x) as Symbolic;
  for (const stage of PRETRAINED_STAGES.slice(1)) {
    for (const block of stage.blocks) {
      x = block.includes('_down')
        ? residualDown(layers, x, block, stage.channels)
        : residual(layers, x, block, stage.channels);
    }
  }
  x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as Symbolic;
  const embedding = tfl.layers
    .dense({
      name: EMBEDDING_LAYER,
      units: PRETRAINED_EMBEDDING_SIZE,
      useBias: false,
      kernelInitializer: 'zeros',
    })
    .apply(x) as Symbolic;
  return { image, embedding };
}
