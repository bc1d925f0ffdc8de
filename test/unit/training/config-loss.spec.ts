import { describe, expect, it } from 'vitest';
import { MARGIN_DEFAULTS } from '../../../src-main/training/config/config-defaults';
import { parseStoredTrainConfig, parseTrainConfig } from '../../../src-main/training/config/train-config';
import { refusal } from './config-refusal';

describe('parseTrainConfig: loss, margin, scale', () => {
  it('trains a classifier (split by image) with softmax and label smoothing, without margin or scale', () => {
    expect(parseTrainConfig({ mode: 'scratch' })).toMatchObject({
      loss: 'softmax',
      margin: null,
      scale: null,
      labelSmoothing: 0.1,
    });
    expect(parseTrainConfig({ mode: 'head' })).toMatchObject({ loss: 'softmax', margin: null, scale: null });
  });

  it('trains a verification model (split by identity) with ArcFace at its small-dataset defaults', () => {
    expect(parseTrainConfig({ mode: 'scratch', split: 'identity' })).toMatchObject({
      loss: 'arcface',
      ...MARGIN_DEFAULTS.arcface,
      // The margin does what smoothing would: no smoothing on top by default.
      labelSmoothing: 0,
    });
    expect(MARGIN_DEFAULTS.arcface.scale).toBeLessThan(64);
  });

  it('fills the named margin loss with its defaults and keeps what the user wrote', () => {
    expect(parseTrainConfig({ mode: 'scratch', loss: 'cosface' })).toMatchObject(MARGIN_DEFAULTS.cosface);
    expect(
      parseTrainConfig({ mode: 'scratch', loss: 'arcface', margin: 0.5, scale: 64, labelSmoothing: 0.1 }),
    ).toMatchObject({ loss: 'arcface', margin: 0.5, scale: 64, labelSmoothing: 0.1 });
    expect(parseTrainConfig({ mode: 'scratch', split: 'identity', loss: 'softmax' })).toMatchObject({
      loss: 'softmax',
      margin: null,
      labelSmoothing: 0.1,
    });
  });

  it('refuses margin and scale with softmax, by name, whether softmax was written or the default', () => {
    expect(refusal({ mode: 'scratch', loss: 'softmax', margin: 0.3 })).toContain(
      '"margin" applies only to loss "arcface" or "cosface"',
    );
    const both = refusal({ mode: 'head', scale: 30, margin: 0.2 });
    expect(both).toContain('"margin" applies only to loss');
    expect(both).toContain('"scale" applies only to loss');
  });

  it('refuses an unknown loss and margins or scales out of range', () => {
    expect(refusal({ mode: 'scratch', loss: 'sphereface' })).toContain(
      '"loss" must be one of "softmax", "arcface", "cosface"',
    );
    expect(refusal({ mode: 'scratch', loss: 'arcface', margin: 2 })).toContain('"margin" must be a number');
    expect(refusal({ mode: 'scratch', loss: 'arcface', scale: 0.5 })).toContain('"scale" must be a number');
  });

  it.each([
    { mode: 'scratch', split: 'identity' },
    { mode: 'scratch', loss: 'cosface', margin: 0.2 },
    { mode: 'head', loss: 'arcface' },
    { mode: 'scratch' },
  ])('round-trips %j through the stored config', (input) => {
    const full = parseTrainConfig(input);
    expect(parseStoredTrainConfig(JSON.parse(JSON.stringify(full)))).toEqual(full);
  });
});
