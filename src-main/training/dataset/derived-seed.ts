/**
 * Which random stream a seed is for: each choice draws from its own stream, so that turning one thing on
 * (augmentation, a validation split) never changes another (the epoch's order, the test faces).
 */
export const seedStreams = {
  personSplit: 1,
  identitySplit: 2,
  epochOrder: 3,
  augment: 4,
} as const;

/**
 * A 32-bit seed for `seededRandom`, derived from the run's seed and a path of integers (stream, epoch,
 * position...). Every part goes through murmur3's finaliser, so neighbouring inputs (epoch 1 and 2, face 7
 * and 8) give unrelated generators; mulberry32 seeded with consecutive integers would start out correlated.
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let hash = finalize((seed >>> 0) ^ 0x9e3779b9);
  for (const part of parts) hash = finalize((hash ^ (part >>> 0)) + 0x9e3779b9);
  return hash;
}

/**
 * A text as a seed part (FNV-1a over its UTF-16 code units): lets a seed follow what names a thing (a
 * person's name) rather than a catalog id, which depends on the order an import happened to store things.
 */
export function textSeedPart(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** murmur3's fmix32: every input bit flips each output bit with probability about 1/2. */
function finalize(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
