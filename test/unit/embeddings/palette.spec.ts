import { describe, expect, it } from 'vitest';
import {
  dimmedColour,
  personColour,
  pointColours,
  selectedColour,
  unlabeledColour,
} from '../../../src-renderer/src/components/embeddings/palette';

describe('person colours', () => {
  it('are stable per id and differ between neighbouring ids', () => {
    expect(personColour(42)).toEqual(personColour(42));
    const colours = Array.from({ length: 40 }, (_, i) => personColour(i + 1));
    for (let i = 1; i < colours.length; i++) {
      const [a, b] = [colours[i - 1]!, colours[i]!];
      const distance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
      expect(distance).toBeGreaterThan(20);
    }
    // Not grey: people stand out from unlabeled faces.
    for (const [r, g, b] of colours) expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeGreaterThan(25);
  });
});

describe('pointColours', () => {
  const personIds = [7, 7, null, 9, 9];
  const assignments = ['confirmed', 'suggested', null, 'confirmed', 'confirmed'] as const;

  it('colours by person, fades suggestions, greys unlabeled faces', () => {
    const rgba = pointColours({ personIds, assignments: [...assignments] });
    const at = (i: number): number[] => [...rgba.subarray(i * 4, i * 4 + 4)];
    expect(at(0).slice(0, 3)).toEqual(personColour(7));
    expect(at(1).slice(0, 3)).toEqual(personColour(7));
    expect(at(1)[3]).toBeLessThan(at(0)[3]! / 2);
    expect(at(2)).toEqual([...unlabeledColour]);
    expect(at(3).slice(0, 3)).toEqual(personColour(9));
  });

  it('dims what the filter leaves out and paints the selection on top', () => {
    const rgba = pointColours({
      personIds,
      assignments: [...assignments],
      matches: (i) => i !== 3,
      selected: (i) => i === 4 || i === 3,
    });
    expect([...rgba.subarray(12, 16)]).toEqual([...selectedColour]);
    const dimmed = pointColours({ personIds, assignments: [...assignments], matches: (i) => i !== 3 });
    expect([...dimmed.subarray(12, 16)]).toEqual([...dimmedColour]);
    expect(rgba.length).toBe(20);
  });
});
