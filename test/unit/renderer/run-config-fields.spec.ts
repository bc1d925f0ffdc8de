import { describe, expect, it } from 'vitest';
import { buildConfig, flattenConfig } from '../../../src-renderer/src/util/run-config-fields';

const scratch = { mode: 'scratch', optimizer: 'sgd', schedule: { type: 'cosine' }, split: { by: 'image' } };

describe('the new-run form config', () => {
  it('sends only the fields set, as numbers and booleans, nested by path', () => {
    const config = buildConfig(
      {
        mode: 'scratch',
        epochs: 2,
        batchSize: '6',
        'augment.flip': 'false',
        'split.valPerPerson': '1',
        seed: '',
      },
      false,
      scratch,
    );
    expect(config).toEqual({
      mode: 'scratch',
      epochs: 2,
      batchSize: 6,
      augment: { flip: false },
      split: { by: 'image', valPerPerson: 1 },
    });
  });

  it('leaves out fields that do not apply to the config as it stands', () => {
    const head = { ...scratch, mode: 'head', optimizer: 'adam' };
    const config = buildConfig({ mode: 'head', architecture: 'resnet34', momentum: '0.8' }, false, head);
    expect(config).toEqual({ mode: 'head' });
  });

  it('passes a value that is not a number through, for the backend to name what is wrong', () => {
    expect(buildConfig({ mode: 'scratch', batchSize: '1.5' }, false, scratch).batchSize).toBe(1.5);
    expect(buildConfig({ mode: 'scratch', workers: 'auto' }, false, scratch).workers).toBe('auto');
  });

  it('turns early stopping on with its fields only when asked', () => {
    const values = { mode: 'scratch', 'earlyStopping.patience': '3' };
    expect(buildConfig(values, false, scratch).earlyStopping).toBeUndefined();
    expect(buildConfig(values, true, scratch).earlyStopping).toEqual({ patience: 3 });
  });

  it('flattens a config for tables', () => {
    expect(
      flattenConfig({ mode: 'head', split: { by: 'image', testPerPerson: 2 }, earlyStopping: null }),
    ).toEqual([
      ['mode', 'head'],
      ['split.by', 'image'],
      ['split.testPerPerson', '2'],
      ['earlyStopping', '—'],
    ]);
  });
});
