/** Strings of the feature maps view; i18n/features.zh-CN.ts must have exactly these keys. */
export const featuresEn = {
  open: 'What the network sees',
  title: 'What the network sees in face #{id}',
  faceAlt: 'Face #{id}',
  model: 'Model',
  activeModel: '{name} (active)',
  keys: 'Esc back',
  loading: 'Computing…',
  loadingModel: 'Loading the model…',
  failed: 'Could not compute: {error}',
  activations: {
    title: 'Activation maps',
    layer: 'Layer',
    layerOption: '{name} · {width}×{height}×{channels}',
    channels: 'Channels',
    alt: 'The strongest channels of layer {layer}',
    caption:
      'The {shown} strongest of {channels} channels ({width}×{height} each), strongest first; each scaled to its own range (dark low, yellow high).',
  },
  saliency: {
    title: 'Saliency (Grad-CAM)',
    reference: 'Compared with',
    self: 'the face itself',
    explain:
      'Where, in the face and around it, the network found what makes this face’s embedding like the chosen reference. The dashed box is the detected face.',
    cropAlt: 'The face with context, as the network saw it',
    crop: 'What the network saw ({size}×{size} pixels)',
    overlayAlt: 'Heat map over the face',
    caption: 'Layer {layer}, {width}×{height} cells; brighter means more.',
  },
};
