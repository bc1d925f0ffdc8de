import { describe, expect, it } from 'vitest';
import {
  optimizerConfigOf,
  parseStoredTrainConfig,
  parseTrainConfig,
} from '../../../src-main/training/config/train-config';
import { refusal } from './config-refusal';

describe('parseTrainConfig: defaults', () => {
  it('fills every field for a scratch run from `mode` alone', () => {
    expect(parseTrainConfig({ mode: 'scratch' })).toEqual({
      mode: 'scratch',
      architecture: 'resnet18',
      width: 0.25,
      inputSize: 64,
      embeddingSize: 128,
      epochs: 30,
      batchSize: 32,
      optimizer: 'sgd',
      momentum: 0.9,
      nesterov: false,
      learningRate: 0.05,
      schedule: { type: 'cosine', floor: 0, warmupEpochs: 1 },
      weightDecay: 5e-4,
      labelSmoothing: 0.1,
      loss: 'softmax',
      margin: null,
      scale: null,
      split: { by: 'image', testPerPerson: 2, valPerPerson: 0 },
      augment: { flip: true, crop: true, color: true },
      minFacesPerPerson: 5,
      seed: 1,
      earlyStopping: null,
      includeAuto: false,
      normalization: 'centered',
      workers: 'auto',
      freeze: null,
    });
  });

  it('gives a head more epochs, a higher rate, Adam and no augmentation', () => {
    const head = parseTrainConfig({ mode: 'head' });
    const scratch = parseTrainConfig({ mode: 'scratch' });
    expect(head.epochs).toBeGreaterThan(scratch.epochs);
    expect(head.optimizer).toBe('adam');
    expect(head.learningRate).toBe(0.01);
    expect(head.augment).toEqual({ flip: false, crop: false, color: false });
    expect(head.schedule).toEqual({ type: 'cosine', floor: 0 });
  });

  it('picks the learning rate and weight decay for the optimizer chosen', () => {
    expect(parseTrainConfig({ mode: 'scratch', optimizer: 'adam' })).toMatchObject({
      learningRate: 1e-3,
      weightDecay: 5e-4,
    });
    // Coupled L2 under Adam only from scratch: a head and a fine-tune keep none.
    expect(parseTrainConfig({ mode: 'head' })).toMatchObject({ optimizer: 'adam', weightDecay: 0 });
    expect(parseTrainConfig({ mode: 'finetune', optimizer: 'adam' })).toMatchObject({ weightDecay: 0 });
    expect(parseTrainConfig({ mode: 'scratch', optimizer: 'adamw' })).toMatchObject({ weightDecay: 0.01 });
    expect(parseTrainConfig({ mode: 'head', optimizer: 'sgd' })).toMatchObject({ learningRate: 0.1 });
  });

  it('keeps what the user wrote', () => {
    const config = parseTrainConfig({ mode: 'scratch', learningRate: 0.2, batchSize: 8, seed: 7 });
    expect(config).toMatchObject({ learningRate: 0.2, batchSize: 8, seed: 7 });
  });

  it('reads a schedule name as that schedule with its own defaults', () => {
    expect(parseTrainConfig({ mode: 'scratch', schedule: 'constant' }).schedule).toEqual({
      type: 'constant',
    });
    expect(parseTrainConfig({ mode: 'scratch', epochs: 9, schedule: 'step' }).schedule).toEqual({
      type: 'step',
      gamma: 0.1,
      everyEpochs: 3,
    });
    expect(
      parseTrainConfig({ mode: 'scratch', schedule: { type: 'cosine', floor: 0.01, warmupSteps: 50 } })
        .schedule,
    ).toEqual({ type: 'cosine', floor: 0.01, warmupSteps: 50 });
  });

  it('skips the default warmup when the run is too short to spare an epoch', () => {
    expect(parseTrainConfig({ mode: 'scratch', epochs: 2 }).schedule).toEqual({ type: 'cosine', floor: 0 });
  });

  it('reads augment true/false as all on/off and an object as exactly the ones it turns on', () => {
    expect(parseTrainConfig({ mode: 'scratch', augment: false }).augment).toEqual({
      flip: false,
      crop: false,
      color: false,
    });
    expect(parseTrainConfig({ mode: 'scratch', augment: { flip: true } }).augment).toEqual({
      flip: true,
      crop: false,
      color: false,
    });
  });

  it('fills a split by identity and raises the minimum faces to cover what a split by image holds out', () => {
    expect(parseTrainConfig({ mode: 'scratch', split: 'identity' }).split).toEqual({
      by: 'identity',
      testIdentities: 10,
      valIdentities: 0,
    });
    const orl = parseTrainConfig({
      mode: 'scratch',
      split: { by: 'image', testPerPerson: 5, valPerPerson: 1 },
    });
    expect(orl.minFacesPerPerson).toBe(7);
  });

  it('turns early stopping on with a validation split', () => {
    const config = parseTrainConfig({
      mode: 'scratch',
      split: { by: 'image', valPerPerson: 1 },
      earlyStopping: { metric: 'valAccuracy' },
    });
    expect(config.earlyStopping).toEqual({ patience: 5, metric: 'valAccuracy' });
    expect(parseTrainConfig({ mode: 'scratch', earlyStopping: false }).earlyStopping).toBeNull();
  });

  it('gives createOptimizer the optimizer settings of the config', () => {
    expect(optimizerConfigOf(parseTrainConfig({ mode: 'scratch' }))).toEqual({
      name: 'sgd',
      momentum: 0.9,
      nesterov: false,
      weightDecay: 5e-4,
    });
    expect(optimizerConfigOf(parseTrainConfig({ mode: 'head', optimizer: 'adamw' }))).toEqual({
      name: 'adamw',
      weightDecay: 0.01,
    });
  });
});

describe('parseTrainConfig: refusals name the field', () => {
  it('refuses an unknown field by name, nested ones by path', () => {
    expect(refusal({ mode: 'scratch', lerningRate: 0.1 })).toContain('unknown field "lerningRate"');
    expect(refusal({ mode: 'scratch', split: { by: 'image', testPerPersn: 1 } })).toContain(
      'unknown field "split.testPerPersn"',
    );
    expect(refusal({ mode: 'scratch', schedule: { type: 'cosine', gamma: 0.1 } })).toContain(
      'unknown field "schedule.gamma"',
    );
    expect(refusal({ mode: 'scratch', augment: { blur: true } })).toContain('unknown field "augment.blur"');
  });

  it('requires mode', () => {
    expect(refusal({})).toContain('"mode" is required');
    expect(refusal({ mode: 'train' })).toContain('"mode" must be "head", "scratch" or "finetune"');
  });

  it.each([
    [{ batchSize: 0 }, '"batchSize" must be an integer 1..4096'],
    [{ batchSize: 5000 }, '"batchSize" must be an integer 1..4096'],
    [{ batchSize: 2.5 }, '"batchSize" must be an integer 1..4096'],
    [{ batchSize: '32' }, '"batchSize" must be an integer 1..4096'],
    [{ epochs: 0 }, '"epochs" must be an integer 1..10000'],
    [{ inputSize: 48 }, '"inputSize" must be an integer 64..160'],
    [{ width: 3 }, '"width" must be a number >= 0.125 and <= 2'],
    [{ learningRate: 0 }, '"learningRate" must be a number > 0 and <= 10'],
    [{ momentum: 1 }, '"momentum" must be a number >= 0 and < 1'],
    [{ labelSmoothing: -0.1 }, '"labelSmoothing" must be a number >= 0 and < 1'],
    [{ weightDecay: 2 }, '"weightDecay" must be a number >= 0 and <= 1'],
    [{ seed: -1 }, '"seed" must be an integer 0..4294967295'],
    [{ architecture: 'resnet20' }, '"architecture" must be one of "resnet18", "resnet34", "resnet50"'],
    [{ optimizer: 'rmsprop' }, '"optimizer" must be one of "sgd", "adam", "adamw"'],
    [{ includeAuto: 'yes' }, '"includeAuto" must be true or false'],
    [{ schedule: 'linear' }, '"schedule" must be one of "constant", "step", "cosine"'],
    [{ schedule: { type: 'linear' } }, '"schedule.type" must be one of "constant", "step", "cosine"'],
    [{ schedule: { type: 'cosine', floor: 2 } }, '"schedule.floor" must be a number >= 0 and <= 1'],
    [{ split: { by: 'person' } }, '"split.by" must be one of "image", "identity"'],
    [{ split: { by: 'image', testPerPerson: 0 } }, '"split.testPerPerson" must be an integer 1..10000'],
    [{ augment: { flip: 'yes' } }, '"augment.flip" must be true or false'],
    [{ normalization: 'z' }, '"normalization" must be one of "unit", "centered", "imagenet"'],
  ])('refuses %j', (fields, message) => {
    expect(refusal({ mode: 'scratch', ...fields })).toContain(message);
  });

  it('names every problem at once', () => {
    const message = refusal({ mode: 'scratch', batchSize: 0, lerningRate: 1, epochs: 'ten' });
    expect(message).toContain('unknown field "lerningRate"');
    expect(message).toContain('"batchSize"');
    expect(message).toContain('"epochs"');
  });

  it('refuses a config that is not an object', () => {
    expect(refusal(null)).toContain('the config must be a JSON object');
    expect(refusal([])).toContain('the config must be a JSON object');
  });

  it('refuses fields that contradict the mode, the optimizer or each other', () => {
    expect(refusal({ mode: 'head', width: 0.5 })).toContain('"width" applies only to mode "scratch"');
    expect(refusal({ mode: 'head', augment: true })).toContain('"augment" applies only to mode "scratch"');
    expect(refusal({ mode: 'head', split: 'identity' })).toContain(
      '"split.by" "identity" needs mode "scratch"',
    );
    expect(refusal({ mode: 'scratch', optimizer: 'adam', momentum: 0.8 })).toContain(
      '"momentum" applies only to optimizer "sgd"',
    );
    expect(refusal({ mode: 'scratch', nesterov: true, momentum: 0 })).toContain(
      '"nesterov" needs a "momentum"',
    );
    expect(refusal({ mode: 'scratch', earlyStopping: { patience: 3 } })).toContain(
      '"earlyStopping" needs a validation split',
    );
    expect(
      refusal({ mode: 'scratch', split: { by: 'image', testPerPerson: 5 }, minFacesPerPerson: 5 }),
    ).toContain('"minFacesPerPerson" (5) must be more than the faces held out per person (5');
    expect(refusal({ mode: 'scratch', epochs: 3, schedule: { type: 'cosine', warmupEpochs: 3 } })).toContain(
      '"schedule.warmupEpochs" (3) must be less than "epochs" (3)',
    );
    expect(
      refusal({ mode: 'scratch', schedule: { type: 'constant', warmupEpochs: 1, warmupSteps: 5 } }),
    ).toContain('give "warmupEpochs" or "warmupSteps", not both');
    expect(refusal({ mode: 'scratch', schedule: { type: 'step', everyEpochs: 1, everySteps: 5 } })).toContain(
      'give "everyEpochs" or "everySteps", not both',
    );
  });

  it('accepts augment false in head mode (it is the default there)', () => {
    expect(parseTrainConfig({ mode: 'head', augment: false }).augment.flip).toBe(false);
  });
});

describe('parseStoredTrainConfig: a run reads back the config it stored', () => {
  // A run stores the full config (defaults filled in), including fields its mode or optimizer ignores.
  it.each([
    { mode: 'head' },
    { mode: 'head', optimizer: 'sgd', momentum: 0.8 },
    { mode: 'scratch' },
    { mode: 'scratch', optimizer: 'adamw', split: { by: 'identity', testIdentities: 4 } },
    { mode: 'scratch', split: { by: 'image', valPerPerson: 1 }, earlyStopping: { patience: 3 } },
  ])('round-trips %j', (input) => {
    const full = parseTrainConfig(input);
    expect(parseStoredTrainConfig(JSON.parse(JSON.stringify(full)))).toEqual(full);
  });

  it('still refuses a stored config this version cannot train', () => {
    const stored = { ...parseTrainConfig({ mode: 'scratch' }), batchSize: -1 };
    expect(() => parseStoredTrainConfig(stored)).toThrow(/batchSize/);
  });
});

describe('parseTrainConfig: finetune', () => {
  it("takes the bundled ResNet-34's shape and input, and gentler defaults than scratch", () => {
    const finetune = parseTrainConfig({ mode: 'finetune' });
    const scratch = parseTrainConfig({ mode: 'scratch' });
    expect(finetune).toMatchObject({
      mode: 'finetune',
      architecture: 'resnet34',
      inputSize: 150,
      embeddingSize: 128,
      normalization: 'dlib',
      freeze: 'stage3',
      optimizer: 'sgd',
      labelSmoothing: 0,
      augment: { flip: true, crop: true, color: true },
      schedule: { type: 'cosine', floor: 0 },
    });
    expect(finetune.learningRate).toBeLessThan(scratch.learningRate);
    expect(finetune.epochs).toBeLessThan(scratch.epochs);
    expect(parseTrainConfig({ mode: 'finetune', optimizer: 'adam' }).learningRate).toBeLessThan(
      parseTrainConfig({ mode: 'scratch', optimizer: 'adam' }).learningRate,
    );
  });

  it('keeps the freeze point written, and splits by identity for verification', () => {
    expect(parseTrainConfig({ mode: 'finetune', freeze: 'none' }).freeze).toBe('none');
    expect(parseTrainConfig({ mode: 'finetune', split: 'identity' }).split.by).toBe('identity');
  });

  it.each([
    { architecture: 'resnet18' },
    { width: 1 },
    { inputSize: 112 },
    { embeddingSize: 64 },
    { normalization: 'dlib' },
  ])("refuses %j: the bundled network's shape and input are fixed", (fields) => {
    const [field] = Object.keys(fields);
    expect(refusal({ mode: 'finetune', ...fields })).toContain(`"${field}" applies only to mode "scratch"`);
  });

  it('refuses freeze outside finetune, and an unknown freeze point', () => {
    expect(refusal({ mode: 'scratch', freeze: 'stage2' })).toContain(
      '"freeze" applies only to mode "finetune"',
    );
    expect(refusal({ mode: 'head', freeze: 'none' })).toContain('"freeze" applies only to mode "finetune"');
    expect(refusal({ mode: 'finetune', freeze: 'stage9' })).toContain(
      '"freeze" must be one of "none", "stem", "stage1", "stage2", "stage3", "stage4", "stage5"',
    );
  });

  it.each([
    { mode: 'finetune' },
    { mode: 'finetune', freeze: 'stage1', optimizer: 'adamw', split: { by: 'identity', testIdentities: 3 } },
  ])('round-trips %j through the stored config', (input) => {
    const full = parseTrainConfig(input);
    expect(parseStoredTrainConfig(JSON.parse(JSON.stringify(full)))).toEqual(full);
  });
});
