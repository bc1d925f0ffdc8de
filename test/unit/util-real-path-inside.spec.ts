import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPathInside } from '../../src-main/util/in-folder';
import { makeTempDir } from '../support/temp';

describe('realPathInside', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let media: string;

  beforeAll(async () => {
    temp = await makeTempDir('inside');
    media = path.join(temp.dir, 'catalog', 'media');
    await fs.mkdir(path.join(media, 'thumbs'), { recursive: true });
    await fs.writeFile(path.join(media, 'thumbs', 'a.jpg'), 'a');
    await fs.writeFile(path.join(media, '..odd.jpg'), 'b');
    await fs.writeFile(path.join(temp.dir, 'catalog', 'catalog.db'), 'secret');
    await fs.symlink('/etc/passwd', path.join(media, 'thumbs', 'out.jpg'));
    await fs.symlink(path.join(temp.dir, 'catalog'), path.join(media, 'up'));
    await fs.symlink('a.jpg', path.join(media, 'thumbs', 'alias.jpg'));
  });

  afterAll(() => temp.cleanup());

  it('returns the real path of a file inside the folder', async () => {
    const real = await fs.realpath(path.join(media, 'thumbs', 'a.jpg'));
    await expect(realPathInside(media, 'thumbs/a.jpg')).resolves.toBe(real);
    await expect(realPathInside(media, path.join(media, 'thumbs', 'a.jpg'))).resolves.toBe(real);
    await expect(realPathInside(media, 'thumbs/alias.jpg')).resolves.toBe(real);
    await expect(realPathInside(media, '..odd.jpg')).resolves.toBe(
      await fs.realpath(path.join(media, '..odd.jpg')),
    );
  });

  it.each([
    '../catalog.db',
    '../../../../../../etc/passwd',
    '/etc/passwd',
    'thumbs/../../catalog.db',
    '.',
    '',
    'thumbs/a.jpg\0',
  ])('refuses %j, which resolves outside the folder', async (relative) => {
    await expect(realPathInside(media, relative)).resolves.toBeNull();
  });

  it('refuses a symlink inside the folder that points outside it', async () => {
    await expect(realPathInside(media, 'thumbs/out.jpg')).resolves.toBeNull();
    await expect(realPathInside(media, 'up/catalog.db')).resolves.toBeNull();
  });

  it('rejects with the fs error for a missing file', async () => {
    await expect(realPathInside(media, 'thumbs/missing.jpg')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
