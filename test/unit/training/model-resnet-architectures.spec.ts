import { describe, expect, it } from 'vitest';
import {
  resnetArchitectures,
  resnetLayouts,
  stageChannels,
  stemFor,
} from '../../../src-main/training/models/resnet/resnet-architectures';

describe('ResNet layouts', () => {
  it("has the paper's blocks per stage for each architecture", () => {
    const layouts = Object.fromEntries(
      resnetArchitectures.map((name) => [
        name,
        `${resnetLayouts[name].block} ${resnetLayouts[name].blocksPerStage.join(',')}`,
      ]),
    );
    expect(layouts).toEqual({
      resnet18: 'basic 2,2,2,2',
      resnet34: 'basic 3,4,6,3',
      resnet50: 'bottleneck 3,4,6,3',
      resnet101: 'bottleneck 3,4,23,3',
      resnet152: 'bottleneck 3,8,36,3',
    });
  });

  it('scales the stage widths, rounding and keeping at least 8 channels', () => {
    expect(stageChannels(1)).toEqual([64, 128, 256, 512]);
    expect(stageChannels(0.25)).toEqual([16, 32, 64, 128]);
    expect(stageChannels(0.3)).toEqual([19, 38, 77, 154]);
    expect(stageChannels(0.0625)).toEqual([8, 8, 16, 32]);
  });

  it('uses the small stem below 112 pixels and the ImageNet stem from 112 up', () => {
    expect([64, 96, 111, 112, 160].map(stemFor)).toEqual(['small', 'small', 'small', 'large', 'large']);
  });
});
