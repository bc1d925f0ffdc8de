/**
 * The bundled dlib ResNet-34's layout (dlib_face_recognition_resnet_model_v1, as face-api ships it), kept
 * free of TensorFlow.js so that the run config can name its stages in the main process without loading it.
 */

/** Side of the aligned chip the network was trained on (dlib's 150x150 face chips). */
export const PRETRAINED_INPUT_SIZE = 150;

/** Length of its descriptor. */
export const PRETRAINED_EMBEDDING_SIZE = 128;

/**
 * The network in order, by the names its weights carry: the stem, then dlib's five levels of residual
 * blocks (a `_down` block halves the resolution; its shortcut is a 2x2 average pool). Spatial size into
 * each stage at 150x150: stem 150 -> 72 -> pool 35; stage1 35; stage2 17; stage3 8; stage4 4; stage5 2.
 */
export const PRETRAINED_STAGES = [
  { name: 'stem', blocks: ['conv32_down'], channels: 32 },
  { name: 'stage1', blocks: ['conv32_1', 'conv32_2', 'conv32_3'], channels: 32 },
  { name: 'stage2', blocks: ['conv64_down', 'conv64_1', 'conv64_2', 'conv64_3'], channels: 64 },
  { name: 'stage3', blocks: ['conv128_down', 'conv128_1', 'conv128_2'], channels: 128 },
  { name: 'stage4', blocks: ['conv256_down', 'conv256_1', 'conv256_2'], channels: 256 },
  { name: 'stage5', blocks: ['conv256_down_out'], channels: 256 },
] as const;

/**
 * How much of the pretrained network a fine-tune keeps fixed: nothing (`none`), or everything up to and
 * including the named stage. `stage5` freezes every convolution: only the 128-d embedding layer and the
 * classifier train.
 */
export const freezePoints = ['none', 'stem', 'stage1', 'stage2', 'stage3', 'stage4', 'stage5'] as const;

/** One of {@link freezePoints}. */
export type FreezePoint = (typeof freezePoints)[number];

/** The residual blocks (and the stem) a freeze point keeps fixed, in network order. */
export function frozenBlocks(freeze: FreezePoint): string[] {
  const through = PRETRAINED_STAGES.findIndex((stage) => stage.name === freeze);
  return PRETRAINED_STAGES.slice(0, through + 1).flatMap((stage) => [...stage.blocks]);
}

/**
 * The default keeps the stem and stages 1-3 fixed and fine-tunes stages 4-5 and the embedding (4.46M of
 * the 5.61M weights, at 4x4 and 2x2 resolution). A personal library has tens of people and hundreds to a few
 * thousand faces: what the low stages learned from dlib's 3 million faces (edges, skin, eye and mouth
 * parts) they cannot improve, only overfit; what tells *these* people apart lives in the last stages.
 * Freezing the high-resolution stages also skips their backward pass: a step at batch 8 on wasm took
 * 2.1 s, against 3.8 s with nothing frozen (0.8 s and 1.4 s native).
 */
export const DEFAULT_FREEZE: FreezePoint = 'stage3';
