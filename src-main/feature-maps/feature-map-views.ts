/**
 * What crosses the API about what a network looks at: a layer's activation maps and a saliency map
 * (Grad-CAM) of a face. Images are PNG data URLs made here, never paths.
 */

/** A layer whose activations can be shown. */
export interface FeatureLayer {
  name: string;
  height: number;
  width: number;
  channels: number;
}

export interface FeatureLayers {
  model: number;
  layers: FeatureLayer[];
  /** The layer Grad-CAM uses (the last convolution stage). */
  saliencyLayer: string;
}

/** The activation maps of one layer for one face, as a grid of channels. */
export interface ActivationGrid {
  model: number;
  face: number;
  layer: string;
  /** Each channel's map size. */
  width: number;
  height: number;
  /** Channels in the layer, and those shown (strongest mean activation first). */
  channels: number;
  shown: number[];
  /** The grid of the shown channels, a PNG data URL. */
  image: string;
}

/** What the saliency is of: the face's own embedding, another face's, or a person's centre. */
export type SaliencyTarget =
  { kind: 'self' } | { kind: 'face'; face: number } | { kind: 'person'; person: number };

/** A Grad-CAM map of a face computed on a crop with context around it, and that crop. */
export interface SaliencyMap {
  model: number;
  face: number;
  layer: string;
  target: SaliencyTarget;
  /** The heat map, row-major, in [0, 1], `width` x `height` (the layer's grid). */
  width: number;
  height: number;
  values: number[];
  /** The context crop the network saw, and the face's box inside it (crop pixels). */
  cropSize: number;
  faceBox: { x: number; y: number; width: number; height: number };
  /** The crop, and the crop with the heat map over it: PNG data URLs. */
  crop: string;
  overlay: string;
}
