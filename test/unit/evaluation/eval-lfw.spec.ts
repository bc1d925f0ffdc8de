import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  registerEvalLfw,
  type EvalLfwDeps,
  type ImageEmbedding,
} from '../../../src-main/cli/commands/eval-lfw';
import { UsageError } from '../../../src-main/cli/errors';
import { defaultFaceSettings } from '../../../src-main/settings/face-settings';

const dimensions = 64;

/**
 * A fake embedder: each person is a one-hot direction (scaled by 3, so normalisation matters), image n
 * adds 0.1 n along a shared last axis. Twin_A and Twin_B share a direction, so their pair looks like a
 * match. Images listed in `undetected` report no face.
 */
function fakeEmbedder(undetected: readonly string[] = []) {
  const people = new Map<string, number>([['Twin_B', 0]]);
  people.set('Twin_A', 0);
  const calls: string[][] = [];
  const deps: EvalLfwDeps = {
    embedImages(paths, onProgress) {
      calls.push(paths);
      const result = new Map<string, ImageEmbedding>();
      paths.forEach((imagePath, index) => {
        const name = path.basename(path.dirname(imagePath));
        const n = Number(/_(\d{4})\.jpg$/.exec(imagePath)?.[1]);
        if (!people.has(name)) people.set(name, people.size - 1);
        const embedding = new Float32Array(dimensions);
        embedding[people.get(name) as number] = 3;
        embedding[dimensions - 1] = 0.3 * n;
        const relative = `${name}/${path.basename(imagePath)}`;
        result.set(imagePath, { embedding, detected: !undetected.includes(relative) });
        onProgress(index + 1, paths.length);
      });
      return Promise.resolve(result);
    },
  };
  return { deps, calls };
}

let dir: string;
let stdout: string[];
let stderr: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'eval-lfw-'));
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function run(deps: EvalLfwDeps, ...args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  registerEvalLfw(program, deps);
  await program.parseAsync(['eval-lfw', '--images', path.join(dir, 'lfw'), ...args], { from: 'user' });
}

async function file(name: string, lines: string[]): Promise<string> {
  const filePath = path.join(dir, name);
  await writeFile(filePath, `${lines.join('\n')}\n`);
  return filePath;
}

function lastJson(): Record<string, unknown> {
  return JSON.parse(stdout.join('').trim().split('\n').at(-1) as string) as Record<string, unknown>;
}

/** Ten folds of one same pair and one different pair; fold 4's different pair is the twins. */
function tenfoldLines(): string[] {
  const lines = ['10\t1'];
  for (let fold = 0; fold < 10; fold++) {
    lines.push(
      `Person_${fold}\t1\t2`,
      fold === 4 ? 'Twin_A\t1\tTwin_B\t1' : `Person_${fold}\t1\tOther_${fold}\t1`,
    );
  }
  return lines;
}

describe('eval-lfw on a ten-fold pairs file', () => {
  it('embeds each image once and reports the protocol numbers as JSON', async () => {
    const { deps, calls } = fakeEmbedder(['Person_0/Person_0_0002.jpg', 'Twin_A/Twin_A_0001.jpg']);
    await run(deps, '--pairs', await file('pairs.txt', tenfoldLines()), '--json');

    expect(calls).toHaveLength(1);
    const paths = calls[0] as string[];
    expect(new Set(paths).size).toBe(paths.length);
    // 10 people x 2 images, 9 others, 2 twins.
    expect(paths).toHaveLength(31);
    expect(paths).toContain(path.join(dir, 'lfw', 'Person_7', 'Person_7_0002.jpg'));

    const result = lastJson();
    expect(Object.keys(result)).toEqual([
      'accuracy',
      'std',
      'threshold',
      'auc',
      'eer',
      'tarAtFar1e3',
      'pairs',
      'failedDetections',
    ]);
    // Only fold 4 errs, on the twins: 0.5 there, 1 elsewhere.
    expect(result.accuracy).toBeCloseTo(0.95, 12);
    expect(result.std).toBeCloseTo(Math.sqrt((9 * 0.05 ** 2 + 0.45 ** 2) / 9), 12);
    // The twins (distance 0) are closer than all 10 same pairs.
    expect(result.auc).toBeCloseTo(0.9, 12);
    expect(result.eer).toBeCloseTo(0.1, 12);
    expect(result.tarAtFar1e3).toBe(0);
    expect(result.pairs).toBe(20);
    expect(result.failedDetections).toBe(2);

    // Same pairs are 0.3 apart along the shared axis before normalisation; different pairs much further.
    const sameDistance = Math.hypot(
      3 / Math.hypot(3, 0.3) - 3 / Math.hypot(3, 0.6),
      0.3 / Math.hypot(3, 0.3) - 0.6 / Math.hypot(3, 0.6),
    );
    expect(result.threshold as number).toBeGreaterThan(sameDistance);
    expect(result.threshold as number).toBeLessThan(1);
    expect(stderr.join('')).toMatch(/31\/31/);
  });

  it('cosine distance classifies the same way on another scale', async () => {
    const pairsFile = await file('pairs.txt', tenfoldLines());
    await run(fakeEmbedder().deps, '--pairs', pairsFile, '--json');
    const euclidean = lastJson();
    await run(fakeEmbedder().deps, '--pairs', pairsFile, '--json', '--distance', 'cosine');
    const cosine = lastJson();
    expect(cosine.accuracy).toBe(euclidean.accuracy);
    expect(cosine.auc).toBe(euclidean.auc);
    expect(cosine.threshold).not.toBeCloseTo(euclidean.threshold as number, 3);
  });

  it('prints a human summary without --json', async () => {
    await run(fakeEmbedder().deps, '--pairs', await file('pairs.txt', tenfoldLines()));
    expect(stdout.join('')).toMatch(/accuracy\s+95\.00% ± 15\.81%/);
  });
});

describe('eval-lfw on View 1 files', () => {
  const trainLines = ['2', 'Ann 1 2', 'Bob 1 2', 'Ann 1 Bob 1', 'Ann 2 Cat 1'];
  const testLines = ['2', 'Dan 1 2', 'Eve 1 3', 'Dan 1 Eve 1', 'Ann 1 Fay 1'];

  it('chooses the threshold on the train pairs and embeds the union once', async () => {
    const { deps, calls } = fakeEmbedder(['Bob/Bob_0001.jpg', 'Eve/Eve_0003.jpg']);
    const train = await file('pairsDevTrain.txt', trainLines);
    await run(deps, '--pairs', await file('pairsDevTest.txt', testLines), '--train-pairs', train, '--json');

    expect(calls).toHaveLength(1);
    const relative = (calls[0] as string[]).map((p) => path.relative(path.join(dir, 'lfw'), p)).sort();
    expect(relative).toEqual(
      [
        'Ann/Ann_0001.jpg',
        'Ann/Ann_0002.jpg',
        'Bob/Bob_0001.jpg',
        'Bob/Bob_0002.jpg',
        'Cat/Cat_0001.jpg',
        'Dan/Dan_0001.jpg',
        'Dan/Dan_0002.jpg',
        'Eve/Eve_0001.jpg',
        'Eve/Eve_0003.jpg',
        'Fay/Fay_0001.jpg',
      ].map((p) => path.normalize(p)),
    );
    const result = lastJson();
    expect(result.accuracy).toBe(1);
    expect(result.std).toBeNull();
    expect(result.pairs).toBe(4);
    // Bob_0001 is only in the train pairs.
    expect(result.failedDetections).toBe(1);
  });

  it('is a usage error without --train-pairs, before any embedding', async () => {
    const { deps, calls } = fakeEmbedder();
    await expect(run(deps, '--pairs', await file('pairsDevTest.txt', testLines))).rejects.toThrow(UsageError);
    expect(calls).toHaveLength(0);
  });
});

describe('eval-lfw flip fusion flags', () => {
  it.each([
    [[], defaultFaceSettings.flipFusion],
    [['--flip'], true],
    [['--no-flip'], false],
  ] as const)('%j embeds with flipFusion %s (the catalog default when no flag)', async (flags, expected) => {
    const { deps } = fakeEmbedder();
    const seen: Array<boolean | undefined> = [];
    const spy: EvalLfwDeps = {
      embedImages: (paths, onProgress, signal, options) => {
        seen.push(options?.flipFusion);
        return deps.embedImages(paths, onProgress, signal, options);
      },
    };
    await run(spy, '--pairs', await file('pairs.txt', tenfoldLines()), ...flags, '--json');
    expect(seen).toEqual([expected]);
  });
});

describe('eval-lfw --model', () => {
  const spyOn = (seen: unknown[]): EvalLfwDeps => {
    const { deps } = fakeEmbedder();
    return {
      embedImages: (paths, onProgress, signal, options) => {
        seen.push(options?.model);
        return deps.embedImages(paths, onProgress, signal, options);
      },
    };
  };

  it('embeds with the catalog model it names (the bundled embedder without it)', async () => {
    const seen: unknown[] = [];
    const pairs = await file('pairs.txt', tenfoldLines());
    await run(spyOn(seen), '--pairs', pairs, '--model', '7', '--catalog', '/cat', '--json');
    await run(spyOn(seen), '--pairs', pairs, '--json');
    expect(seen).toEqual([{ id: 7, catalog: '/cat' }, undefined]);
  });

  it('is a usage error when the model is not an id', async () => {
    const pairs = await file('pairs.txt', tenfoldLines());
    await expect(run(spyOn([]), '--pairs', pairs, '--model', 'best')).rejects.toThrow(UsageError);
  });
});
