import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readCandidate, sniffBytes } from '../../../src-main/ingest/read-file';
import type { ScannedFile } from '../../../src-main/ingest/scan';
import { makeTempDir } from '../../support/temp';

/** Counts every byte the reader takes from files it opens (reads through handles and whole-file reads). */
function countBytesRead(): { total: () => number } {
  let total = 0;
  const open = fs.open.bind(fs);
  vi.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
    const handle = await open(...args);
    const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
    const readFile = handle.readFile.bind(handle) as (...a: unknown[]) => Promise<Buffer | string>;
    Object.assign(handle, {
      read: async (...a: unknown[]) => {
        const result = await read(...a);
        total += result.bytesRead;
        return result;
      },
      readFile: async (...a: unknown[]) => {
        const result = await readFile(...a);
        total += result.length;
        return result;
      },
    });
    return handle;
  });
  vi.spyOn(fs, 'readFile').mockImplementation(() => {
    throw new Error('whole-file reads must go through the opened handle');
  });
  return { total: () => total };
}

async function scanned(file: string): Promise<ScannedFile> {
  const stats = await fs.stat(file);
  return { kind: 'file', path: file, root: path.dirname(file), bytes: stats.size, mtimeMs: stats.mtimeMs };
}

describe('reading import candidates', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('read-file');
  });
  afterAll(() => temp.cleanup());
  afterEach(() => vi.restoreAllMocks());

  it('sniffs a 900 MB non-image from its head without reading the rest', async () => {
    const counter = countBytesRead();
    const outcomes = [];
    for (const name of ['v1.mp4', 'v2.mp4', 'claims.jpg']) {
      const file = path.join(temp.dir, name);
      // Sparse: 900 MB long, no disk space taken.
      await fs.writeFile(file, '');
      await fs.truncate(file, 900 * 1024 ** 2);
      outcomes.push(await readCandidate(await scanned(file)));
    }
    expect(outcomes.map((o) => o.kind)).toEqual(['not-image', 'not-image', 'failed']);
    expect(outcomes[2]).toMatchObject({ error: 'named .jpg but not an image: no image signature' });
    expect(counter.total()).toBeLessThanOrEqual(3 * sniffBytes);
  });

  it('reads and hashes a whole image, TIFFs with their directory at the end included', async () => {
    const raw = Buffer.from(Array.from({ length: 120 * 90 * 3 }, (_, i) => (i * 7) & 255));
    const jpeg = await sharp(raw, { raw: { width: 120, height: 90, channels: 3 } })
      .jpeg()
      .toBuffer();
    const tiff = await sharp(jpeg).tiff().toBuffer();
    expect(tiff.readUInt32LE(4)).toBeGreaterThan(sniffBytes); // libvips writes the IFD last
    const counter = countBytesRead();
    for (const [name, bytes, format] of [
      ['photo.jpg', jpeg, 'jpeg'],
      ['no-extension', tiff, 'tiff'],
    ] as const) {
      const file = path.join(temp.dir, name);
      await fs.writeFile(file, bytes);
      const outcome = await readCandidate(await scanned(file));
      expect(outcome).toMatchObject({ kind: 'image', format });
      if (outcome.kind !== 'image') continue;
      expect(outcome.bytes.equals(bytes)).toBe(true);
      expect(outcome.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(counter.total()).toBeLessThanOrEqual(jpeg.length + tiff.length + 2 * sniffBytes);
  });

  it('fails an empty file that claims to be an image and skips one that does not', async () => {
    await fs.writeFile(path.join(temp.dir, 'empty.png'), '');
    await fs.writeFile(path.join(temp.dir, 'empty'), '');
    expect(await readCandidate(await scanned(path.join(temp.dir, 'empty.png')))).toMatchObject({
      kind: 'failed',
      error: 'empty file (0 bytes)',
    });
    expect((await readCandidate(await scanned(path.join(temp.dir, 'empty')))).kind).toBe('not-image');
  });
});
