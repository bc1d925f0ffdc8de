import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inFolder } from '../../src-main/util/in-folder';
import { makeTempDir } from '../support/temp';

describe('inFolder', () => {
  it('creates the folder, and creates it again when it was removed meanwhile', async () => {
    const temp = await makeTempDir('in-folder');
    try {
      const file = path.join(temp.dir, 'a', 'b', 'x.txt');
      await inFolder(file, () => fs.writeFile(file, 'one'));
      await fs.rm(path.join(temp.dir, 'a'), { recursive: true });
      await inFolder(file, () => fs.writeFile(file, 'two'));
      expect(await fs.readFile(file, 'utf8')).toBe('two');
    } finally {
      await temp.cleanup();
    }
  });

  it('passes on an error that a missing folder does not explain', async () => {
    const temp = await makeTempDir('in-folder');
    try {
      const file = path.join(temp.dir, 'c', 'y.txt');
      await expect(inFolder(file, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    } finally {
      await temp.cleanup();
    }
  });
});
