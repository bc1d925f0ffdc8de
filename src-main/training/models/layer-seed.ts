import { seededRandom } from '../../util/seeded-random';

/**
 * The seed of the `layerIndex`-th seeded initializer of a network built with the run's `seed`. Derived
 * from both rather than drawn from one shared stream, so a layer's initial weights depend only on its
 * position: the same seed gives the same network on every backend (tfjs draws initial values in JS).
 */
export function layerSeed(seed: number, layerIndex: number): number {
  // The golden-ratio multiple spreads neighbouring indices over the 32-bit space before mulberry32 mixes.
  const mixed = (seed ^ Math.imul(layerIndex + 1, 0x9e3779b9)) >>> 0;
  return Math.floor(seededRandom(mixed)() * 0x100000000);
}
