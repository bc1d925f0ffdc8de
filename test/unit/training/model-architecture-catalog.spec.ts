import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../../src-main/training/config/train-config';
import {
  architectureCatalog,
  architectureNames,
  architectureWarnings,
  estimatedStepMemoryMB,
} from '../../../src-main/training/models/architecture-catalog';

const defaults = { batchSize: 16, width: 0.25, inputSize: 64 } as const;

describe('architecture catalog', () => {
  it('describes every name, its family the prefix of the name', () => {
    expect(Object.keys(architectureCatalog).sort()).toEqual([...architectureNames].sort());
    for (const name of architectureNames) {
      const { family, parameters, reason, nativeRecommended } = architectureCatalog[name];
      expect(name.startsWith(family)).toBe(true);
      expect(parameters).toBeGreaterThan(5_000_000);
      expect(reason !== null).toBe(nativeRecommended);
    }
  });

  it('recommends native for the networks whose step outgrows wasm, and only those', () => {
    const native = architectureNames.filter((name) => architectureCatalog[name].nativeRecommended);
    expect(native).toEqual([
      'resnet50',
      'resnet101',
      'resnet152',
      'densenet121',
      'densenet169',
      'densenet201',
    ]);
  });

  it('warns before a run of a native-recommended network, unless the backend is native', () => {
    const run = { architecture: 'resnet152', ...defaults } as const;
    expect(architectureWarnings(run)).toEqual([
      expect.stringMatching(/^resnet152 is meant for a native backend: /),
    ]);
    expect(architectureWarnings(run, 'wasm')).toHaveLength(1);
    expect(architectureWarnings(run, 'tensorflow')).toEqual([]);
    expect(architectureWarnings({ ...run, architecture: 'resnet18' })).toEqual([]);
  });

  it('warns when the batch would outgrow wasm, naming a batch size that fits', () => {
    const run = { architecture: 'inception', ...defaults, batchSize: 64 } as const;
    const [warning] = architectureWarnings(run, 'wasm');
    expect(warning).toMatch(/^a training step of inception at batch 64, .* lower "batchSize" to (\d+) /);
    const fits = Number(/to (\d+) /.exec(warning!)![1]);
    expect(fits).toBeLessThan(64);
    expect(architectureWarnings({ ...run, batchSize: fits }, 'wasm')).toEqual([]);
  });

  it('scales the memory estimate with batch, width and area, less past the large stem', () => {
    const base = estimatedStepMemoryMB({ architecture: 'resnet18', ...defaults });
    expect(base).toBe(architectureCatalog.resnet18.stepMemoryMB);
    expect(estimatedStepMemoryMB({ architecture: 'resnet18', ...defaults, batchSize: 32, width: 0.5 })).toBe(
      4 * base,
    );
    expect(estimatedStepMemoryMB({ architecture: 'resnet18', ...defaults, inputSize: 96 })).toBeCloseTo(
      2.25 * base,
    );
    expect(estimatedStepMemoryMB({ architecture: 'resnet18', ...defaults, inputSize: 112 })).toBeLessThan(
      base,
    );
  });

  it('lets the run config name every architecture, and refuses others by the list', () => {
    for (const architecture of ['vgg16', 'inception', 'densenet121', 'resnet101'] as const) {
      expect(parseTrainConfig({ mode: 'scratch', architecture }).architecture).toBe(architecture);
    }
    expect(() => parseTrainConfig({ mode: 'scratch', architecture: 'vgg12' })).toThrow(
      /"vgg16", "vgg19", "inception"/,
    );
  });
});
