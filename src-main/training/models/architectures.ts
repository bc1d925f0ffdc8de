import { architectureCatalog, type ArchitectureName } from './architecture-catalog';
import { buildDenseNet } from './densenet/densenet-builder';
import type { DenseNetArchitecture } from './densenet/densenet-architectures';
import { buildInception } from './inception/inception-builder';
import type { InceptionArchitecture } from './inception/inception-architectures';
import type { BuiltNetwork, NetworkOptions } from './network-options';
import { buildResNet } from './resnet/resnet-builder';
import type { ResNetArchitecture } from './resnet/resnet-architectures';
import { buildVgg } from './vgg/vgg-builder';
import type { VggArchitecture } from './vgg/vgg-architectures';

export interface ArchitectureOptions extends NetworkOptions {
  architecture: ArchitectureName;
  /** ResNets only: start each residual branch at zero (ResNetOptions.zeroInitResidual). Default true. */
  zeroInitResidual?: boolean;
}

/**
 * Builds any network of {@link architectureCatalog} by name, with its family's builder: the same options
 * (width, input size, classes, embedding size, seed, classifier), the same seeded initialisation and the
 * same end (`pool`, `embedding`, `logits`), so a run trains, checkpoints and evaluates every family alike.
 */
export function buildArchitecture(options: ArchitectureOptions): BuiltNetwork {
  if (!Object.hasOwn(architectureCatalog, options.architecture)) {
    throw new Error(`buildArchitecture - unknown architecture "${String(options.architecture)}"`);
  }
  switch (architectureCatalog[options.architecture].family) {
    case 'resnet':
      return buildResNet({ ...options, architecture: options.architecture as ResNetArchitecture });
    case 'vgg':
      return buildVgg({ ...options, architecture: options.architecture as VggArchitecture });
    case 'inception':
      return buildInception({ ...options, architecture: options.architecture as InceptionArchitecture });
    case 'densenet':
      return buildDenseNet({ ...options, architecture: options.architecture as DenseNetArchitecture });
  }
}
