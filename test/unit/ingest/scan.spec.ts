import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanFolders, type ScanEntry } from '../../../src-main/ingest/scan';
import { displayPath, toFsPath } from '../../../src-main/util/fs-path';
import { makeTempDir } from '../../support/temp';

async function collect(roots: string[]): Promise<ScanEntry[]> {
  const entries: ScanEntry[] = [];
  for await (const entry of scanFolders(roots)) entries.push(entry);
  return entries;
}

describe('folder scanning', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  it('walks recursively in sorted order, follows symlinked folders once, and stops at loops', async () => {
    const temp = await makeTempDir('scan');
    cleanup = temp.cleanup;
    const root = path.join(temp.dir, 'root');
    await fs.mkdir(path.join(root, 'b', 'c'), { recursive: true });
    await fs.writeFile(path.join(root, 'b', 'c', 'z.jpg'), 'z');
    await fs.writeFile(path.join(root, 'a.jpg'), 'a');
    await fs.mkdir(path.join(temp.dir, 'elsewhere'));
    await fs.writeFile(path.join(temp.dir, 'elsewhere', 'e.jpg'), 'e');
    await fs.symlink(path.join(temp.dir, 'elsewhere'), path.join(root, 'linked'));
    await fs.symlink('..', path.join(root, 'b', 'up'));
    await fs.symlink(path.join(temp.dir, 'missing'), path.join(root, 'dangling.jpg'));
    execFileSync('mkfifo', [path.join(root, 'pipe.jpg')]);

    const entries = await collect([root]);
    const files = entries.filter((e) => e.kind === 'file').map((e) => path.relative(root, e.path));
    const errors = Object.fromEntries(
      entries
        .filter((e) => e.kind === 'error')
        .map((e) => [path.relative(root, e.path), e.kind === 'error' ? e.error : '']),
    );
    expect(files).toEqual(['a.jpg', 'b/c/z.jpg', 'linked/e.jpg']);
    expect(errors['b/up']).toMatch(/symlink loop/);
    expect(errors['pipe.jpg']).toMatch(/not a regular file \(FIFO\)/);
    expect(errors['dangling.jpg']).toMatch(/broken symlink/);
  });

  it('keeps names that are not UTF-8 openable, in a stored form that shows them lossily', async () => {
    const temp = await makeTempDir('scan');
    cleanup = temp.cleanup;
    const latin1 = Buffer.concat([Buffer.from(`${temp.dir}/caf`), Buffer.of(0xe9), Buffer.from('.jpg')]);
    try {
      writeFileSync(latin1, 'bytes');
    } catch (error) {
      console.warn(`this file system refuses non-UTF-8 names (${String(error)}): case skipped`);
      return;
    }
    await fs.writeFile(path.join(temp.dir, 'plain.jpg'), 'plain');
    const files = (await collect([temp.dir])).filter((e) => e.kind === 'file');
    expect(files.map((f) => f.path)).toEqual([
      path.join(temp.dir, 'caf\uFFFDE9.jpg'),
      path.join(temp.dir, 'plain.jpg'),
    ]);
    expect(toFsPath(files[0]!.path)).toEqual(latin1);
    expect(await fs.readFile(toFsPath(files[0]!.path), 'utf8')).toBe('bytes');
    expect(displayPath(files[0]!.path)).toBe(path.join(temp.dir, 'caf\uFFFD.jpg'));
    expect(files[1]!.path).toBe(path.join(temp.dir, 'plain.jpg'));
  });

  it('reports a missing root and a file given as a root', async () => {
    const temp = await makeTempDir('scan');
    cleanup = temp.cleanup;
    await fs.writeFile(path.join(temp.dir, 'file.jpg'), 'x');
    const entries = await collect([path.join(temp.dir, 'nope'), path.join(temp.dir, 'file.jpg')]);
    expect(entries.map((e) => (e.kind === 'error' ? e.error : e.kind))).toEqual([
      expect.stringMatching(/no such file/),
      'not a folder',
    ]);
  });
});
