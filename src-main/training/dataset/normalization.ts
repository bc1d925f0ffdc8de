/**
 * How pixel values reach the network: 'unit' [0, 1]; 'centered' [-1, 1]; 'imagenet' per-channel
 * (x - mean) / std with the ImageNet statistics most published ResNets were trained with; 'dlib'
 * (pixel - mean RGB) / 255, the bundled ResNet-34's own input (what fine-tuning it needs).
 */
export type Normalization = 'unit' | 'centered' | 'imagenet' | 'dlib';

export const normalizations: readonly Normalization[] = ['unit', 'centered', 'imagenet', 'dlib'];

const imagenetMean = [0.485, 0.456, 0.406] as const;
const imagenetStd = [0.229, 0.224, 0.225] as const;
/** dlib's face-chip mean in 0..255 (the same as vision/embedder-resnet/resnet-graph.ts's MEAN_RGB). */
const dlibMeanRgb = [122.782, 117.001, 104.298] as const;

/** Per channel (R, G, B): value' = value * scale + shift, from unit [0, 1] values. */
function affineOf(normalization: Normalization): { scale: number[]; shift: number[] } {
  switch (normalization) {
    case 'unit':
      return { scale: [1, 1, 1], shift: [0, 0, 0] };
    case 'centered':
      return { scale: [2, 2, 2], shift: [-1, -1, -1] };
    case 'imagenet':
      return {
        scale: imagenetStd.map((std) => 1 / std),
        shift: imagenetMean.map((mean, c) => -mean / (imagenetStd[c] as number)),
      };
    case 'dlib':
      // (255 v - mean) / 255 = v - mean / 255.
      return { scale: [1, 1, 1], shift: dlibMeanRgb.map((mean) => -mean / 255) };
  }
}

/**
 * Rewrites RGB HWC unit values (0..1) in `image` as `normalization` wants them, in place. Augmentation works
 * on unit values first (its brightness step means the same on every normalization); this comes last.
 */
export function normalizeInPlace(image: Float32Array, normalization: Normalization): void {
  if (normalization === 'unit') return;
  const { scale, shift } = affineOf(normalization);
  for (let i = 0; i < image.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      image[i + c] = (image[i + c] as number) * (scale[c] as number) + (shift[c] as number);
    }
  }
}
