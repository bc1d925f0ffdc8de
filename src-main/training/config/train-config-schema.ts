import { z } from 'zod';
import { MAX_INPUT_SIZE, MAX_WIDTH, MIN_INPUT_SIZE, MIN_WIDTH } from '../models/resnet/resnet-architectures';
import { architectureNames } from '../models/architecture-catalog';
import { normalizations, type Normalization } from '../dataset/normalization';
import { freezePoints } from '../models/pretrained-resnet34/resnet34-stages';
import { lossNames } from '../optim/loss-config';
import { optimizerNames } from '../optim/optimizer-config';
import { scheduleTypes } from '../optim/schedule';
import { MAX_WORKERS } from '../parallel/worker-count';
import { flag, integerIn, numberIn, oneOf, shorthand } from './config-fields';

/**
 * The run config as the user writes it (JSON): every object strict, so a misspelt field is refused by name
 * instead of silently falling back to its default. Defaults and rules across fields come after
 * (config-defaults.ts); this only says what each field may hold.
 */

export const trainModes = ['head', 'scratch', 'finetune'] as const;

export const earlyStoppingMetrics = ['valLoss', 'valAccuracy'] as const;

const warmup = {
  warmupEpochs: numberIn(0, 1000).optional(),
  warmupSteps: integerIn(0, 10_000_000).optional(),
};

const scheduleOptions = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('constant'), ...warmup }),
    z.strictObject({
      type: z.literal('step'),
      gamma: numberIn(0, 1, { above: true }).optional(),
      everyEpochs: numberIn(0, 100_000, { above: true }).optional(),
      everySteps: integerIn(1, 10_000_000).optional(),
      ...warmup,
    }),
    z.strictObject({ type: z.literal('cosine'), floor: numberIn(0, 1).optional(), ...warmup }),
  ],
  { error: `must be one of ${scheduleTypes.map((t) => `"${t}"`).join(', ')}, or an object with "type"` },
);

const splitOptions = z.discriminatedUnion(
  'by',
  [
    z.strictObject({
      by: z.literal('image'),
      testPerPerson: integerIn(1, 10_000).optional(),
      valPerPerson: integerIn(0, 10_000).optional(),
    }),
    z.strictObject({
      by: z.literal('identity'),
      testIdentities: integerIn(1, 1_000_000).optional(),
      valIdentities: integerIn(0, 1_000_000).optional(),
    }),
  ],
  { error: 'must be "image" or "identity", or an object with "by"' },
);

/** `true`/`false` stand for every augmentation on/off; an object turns on the ones it sets to true. */
const augmentOptions = z.preprocess(
  (input) => (typeof input === 'boolean' ? { flip: input, crop: input, color: input } : input),
  z.strictObject(
    { flip: flag().optional(), crop: flag().optional(), color: flag().optional() },
    { error: 'must be true, false, or an object of "flip", "crop", "color"' },
  ),
);

/** `false` or `null` are the same as leaving early stopping out. */
const earlyStoppingOptions = z.preprocess(
  (input) => (input === false || input === null ? undefined : input),
  z
    .strictObject(
      { patience: integerIn(1, 1000).optional(), metric: oneOf(earlyStoppingMetrics).optional() },
      { error: 'must be an object { "patience", "metric" } or false' },
    )
    .optional(),
);

/** Data-parallel workers (training/parallel/): a count, or "auto" (one per core on wasm). */
const workersError = `must be an integer 1..${MAX_WORKERS} or "auto"`;
const workersField = z.union(
  [
    z.literal('auto'),
    z
      .number({ error: workersError })
      .int({ error: workersError })
      .min(1, { error: workersError })
      .max(MAX_WORKERS, { error: workersError }),
  ],
  { error: workersError },
);

export const trainConfigInputSchema = z.strictObject(
  {
    mode: z.enum(trainModes, {
      error: (issue) =>
        issue.input === undefined
          ? 'is required: "head", "scratch" or "finetune"'
          : 'must be "head", "scratch" or "finetune"',
    }),
    architecture: oneOf(architectureNames).optional(),
    width: numberIn(MIN_WIDTH, MAX_WIDTH).optional(),
    inputSize: integerIn(MIN_INPUT_SIZE, MAX_INPUT_SIZE).optional(),
    embeddingSize: integerIn(8, 2048).optional(),
    epochs: integerIn(1, 10_000).optional(),
    batchSize: integerIn(1, 4096).optional(),
    optimizer: oneOf(optimizerNames).optional(),
    momentum: numberIn(0, 1, { below: true }).optional(),
    nesterov: flag().optional(),
    learningRate: numberIn(0, 10, { above: true }).optional(),
    schedule: z.preprocess(shorthand('type', scheduleTypes), scheduleOptions).optional(),
    weightDecay: numberIn(0, 1).optional(),
    labelSmoothing: numberIn(0, 1, { below: true }).optional(),
    loss: oneOf(lossNames).optional(),
    // ArcFace's angle (radians) or CosFace's cosine margin; the papers use 0.35..0.5.
    margin: numberIn(0, 1.5).optional(),
    scale: numberIn(1, 256).optional(),
    split: z.preprocess(shorthand('by', ['image', 'identity']), splitOptions).optional(),
    augment: augmentOptions.optional(),
    minFacesPerPerson: integerIn(2, 100_000).optional(),
    seed: integerIn(0, 0xffffffff).optional(),
    earlyStopping: earlyStoppingOptions.optional(),
    includeAuto: flag().optional(),
    // The dataset's list (dataset/normalization.ts), where the pixels are converted.
    normalization: oneOf(normalizations as readonly [Normalization, ...Normalization[]]).optional(),
    workers: workersField.optional(),
    // Fine-tuning the bundled ResNet-34: the stages kept fixed (models/pretrained-resnet34).
    freeze: oneOf(freezePoints).optional(),
  },
  { error: 'must be a JSON object' },
);

/** The config as written, every field but `mode` possibly absent. */
export type TrainConfigInput = z.infer<typeof trainConfigInputSchema>;
