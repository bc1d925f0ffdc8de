/**
 * Shared pieces of the faces bench: command-line options, the file sets, decoding, memory sampling.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { analysisMaxSide } from '../../src-main/faces/face-indexer';
import type { RgbImage } from '../../src-main/vision/types';
import { datasetsDir, exists, type BenchOptions } from './bench-support';

/** LFW images imported when `--limit` is not given (all 4,992 take 20+ minutes on two cores). */
export const defaultLfwLimit = 500;

export const lfwRoot = path.join(datasetsDir, 'lfw-view1');
export const lfwImages = path.join(lfwRoot, 'images');
const bbtDir = path.join(datasetsDir, 'bbt');
const bbtFiles = [
  ...[1, 2, 3, 4, 5].map((i) => `bbt${i}.jpg`),
  ...['angry', 'disgusted', 'fearful', 'happy', 'neutral', 'sad', 'surprised'].map((e) => `${e}.jpg`),
];

export interface FacesOptions extends BenchOptions {
  /** Measure LFW View 1 DevTest accuracy of both pipelines (slow: every image of the pairs). */
  accuracy: boolean;
  /** With `accuracy` (`--pairs=K`): use the first K/2 same-person and K/2 different-person pairs of each file. */
  pairs?: number;
}

/**
 * The faces bench's own flags, read from the command line: `--accuracy` and `--pairs=K`.
 * `--limit` comes parsed in `options`.
 */
export function facesOptions(options: BenchOptions, argv = process.argv.slice(2)): FacesOptions {
  const result: FacesOptions = { ...options, accuracy: argv.includes('--accuracy') };
  // main.ts takes every bare word as a bench name, so the value must be attached: --pairs=K.
  const detached = argv.indexOf('--pairs');
  if (detached >= 0)
    throw new Error(`write --pairs=K (main.ts would take "${argv[detached + 1] ?? ''}" for a bench name)`);
  const inline = argv.find((arg) => arg.startsWith('--pairs='));
  if (inline !== undefined) {
    const value = inline.slice('--pairs='.length);
    const pairs = Number(value);
    if (!Number.isInteger(pairs) || pairs < 2)
      throw new Error(`--pairs=K needs an integer K >= 2, got "${value}"`);
    result.pairs = pairs;
  }
  if (options.limit !== undefined && !(options.limit >= 1))
    throw new Error(`--limit needs a positive number, got ${options.limit}`);
  return result;
}

/** A named list of image files (absolute paths) measured as one set. */
export interface FileSet {
  name: string;
  files: string[];
}

/** Every LFW View 1 image as a path relative to the image root, sorted. */
export async function lfwRelativePaths(): Promise<string[]> {
  const people = await fs.readdir(lfwImages, { withFileTypes: true });
  const nested = await Promise.all(
    people
      .filter((entry) => entry.isDirectory())
      .map(async (entry) =>
        (await fs.readdir(path.join(lfwImages, entry.name)))
          .filter((name) => /\.jpe?g$/i.test(name))
          .map((name) => `${entry.name}/${name}`),
      ),
  );
  return nested.flat().sort();
}

/** The sets to measure; a set whose dataset folder is missing is skipped with a message on stderr. */
export async function fileSets(options: FacesOptions): Promise<FileSet[]> {
  const sets: FileSet[] = [];
  if (await exists(lfwImages)) {
    const all = await lfwRelativePaths();
    const take = Math.min(all.length, options.limit ?? defaultLfwLimit);
    const files = all.slice(0, take).map((relative) => path.join(lfwImages, relative));
    sets.push({ name: `lfw-view1 (first ${take} of ${all.length})`, files });
  } else console.error(`(no ${lfwImages}: skipping the LFW set)`);

  if (await exists(bbtDir)) {
    const present = [];
    for (const name of bbtFiles) {
      const file = path.join(bbtDir, name);
      if (await exists(file)) present.push(file);
      else console.error(`(no ${file}: left out of the bbt set)`);
    }
    // Small: always all of it (--limit applies to LFW).
    if (present.length > 0) sets.push({ name: `bbt (5 group + 7 expression)`, files: present });
  } else console.error(`(no ${bbtDir}: skipping the bbt set)`);
  return sets;
}

/** Reads every file once so that no side pays the first disk read. */
export async function warmPageCache(files: string[]): Promise<void> {
  for (const file of files) await fs.readFile(file);
}

/** Grey (1 band) or grey+alpha pixels repeated into RGB. */
function toRgb(data: Buffer, channels: number): Uint8Array {
  if (channels === 3) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const pixels = data.length / channels;
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) rgb.fill(data[i * channels] ?? 0, i * 3, i * 3 + 3);
  return rgb;
}

/**
 * Decodes a file to upright 8-bit RGB with sharp, as a Node user of face-api would; `maxSide` bounds the
 * longer side (the indexer analyses photos at most {@link analysisMaxSide} pixels).
 */
export async function decodeRgb(file: string, maxSide?: number): Promise<RgbImage> {
  let pipeline = sharp(await fs.readFile(file)).autoOrient();
  if (maxSide !== undefined)
    pipeline = pipeline.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await pipeline
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: toRgb(data, info.channels), width: info.width, height: info.height };
}

/** Decodes as the face indexer does before analysis (upright, longer side at most 2048). */
export function decodeForAnalysis(file: string): Promise<RgbImage> {
  return decodeRgb(file, analysisMaxSide);
}

/** Samples the process's resident set while running, for the peak of one phase. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Stops sampling; returns the highest RSS seen, in bytes. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }

  private sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }
}

/** Runs `fn`, returning its result, its wall time in seconds and the peak RSS sampled meanwhile. */
export async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; rss: number }> {
  const sampler = new RssSampler();
  const start = performance.now();
  try {
    const value = await fn();
    return { value, seconds: (performance.now() - start) / 1000, rss: sampler.stop() };
  } finally {
    sampler.stop();
  }
}

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const rate = (count: number, seconds: number): string => (count / seconds).toFixed(2);
