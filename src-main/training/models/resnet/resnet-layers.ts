import * as tfl from '@tensorflow/tfjs-layers';
import { FastBatchNormalization, FastConv2D, FastReLU } from '../fast-layers';
import { layerSeed } from '../layer-seed';

type Symbolic = tfl.SymbolicTensor;

/**
 * Batch-norm settings of PyTorch's ResNets (running averages keep 10% of each batch, epsilon 1e-5) rather
 * than Keras's (1%, 1e-3): with the few hundred steps of a small face dataset, a 1% average would still
 * remember the random initial statistics when the model is evaluated.
 */
const BATCH_NORM = { momentum: 0.9, epsilon: 1e-5 } as const;

/**
 * Creates the layers of one network in build order, named by the caller, each random initializer seeded
 * from the run's seed and that layer's index, so the same seed builds the same weights.
 */
export class SeededLayers {
  private nextIndex = 0;

  constructor(private readonly seed: number) {}

  /** The next layer's initializer seed. */
  nextSeed(): number {
    return layerSeed(this.seed, this.nextIndex++);
  }

  /** A bias-free convolution ('same' padding; the batch norm after it supplies the shift). */
  conv(x: Symbolic, name: string, filters: number, kernelSize: number, strides = 1): Symbolic {
    return new FastConv2D({
      name,
      filters,
      kernelSize,
      strides,
      padding: 'same',
      useBias: false,
      // He initialisation: keeps the activations' variance through ReLU layers (He et al. 2015).
      kernelInitializer: tfl.initializers.heNormal({ seed: this.nextSeed() }),
    }).apply(x) as Symbolic;
  }

  /**
   * Batch norm over the channels. `zeroGamma` starts the layer's output at 0: on a residual branch's last
   * norm it makes every block begin as the identity (Goyal et al. 2017), which trains deep stacks from
   * scratch faster and more reliably.
   */
  batchNorm(x: Symbolic, name: string, zeroGamma = false): Symbolic {
    return new FastBatchNormalization({
      name,
      ...BATCH_NORM,
      gammaInitializer: zeroGamma ? 'zeros' : 'ones',
    }).apply(x) as Symbolic;
  }

  relu(x: Symbolic, name: string): Symbolic {
    return new FastReLU({ name }).apply(x) as Symbolic;
  }

  /** A dense layer with Glorot-uniform weights (no activation). */
  dense(x: Symbolic, name: string, units: number, useBias: boolean): Symbolic {
    return tfl.layers
      .dense({
        name,
        units,
        useBias,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: this.nextSeed() }),
      })
      .apply(x) as Symbolic;
  }
}
