import fs from 'node:fs/promises';
import path from 'node:path';

const knownFolders = new Set<string>();

/**
 * Runs a write into `file`'s folder, creating the folder the first time this process writes there (a
 * mkdir per photo is a thread-pool task competing with decoding); if the folder has gone meanwhile (a
 * catalog removed and recreated), it is created again and the write retried once.
 */
export async function inFolder(file: string, write: () => Promise<unknown>): Promise<void> {
  const folder = path.dirname(file);
  if (!knownFolders.has(folder)) {
    await fs.mkdir(folder, { recursive: true });
    knownFolders.add(folder);
  }
  try {
    await write();
  } catch (error) {
    const exists = await fs.stat(folder).then(
      () => true,
      () => false,
    );
    if (exists) throw error;
    await fs.mkdir(folder, { recursive: true });
    await write();
  }
}

/**
 * The real path of `relative` inside `folder`, or null when it lies outside: through `..`, an absolute
 * path, or a symlink inside the folder that points out of it. Paths stored in the catalog are data, not
 * trusted: a tampered row must not make the catalog serve `/etc/passwd`. Rejects with the fs error (e.g.
 * ENOENT) when the file or the folder does not exist.
 */
export async function realPathInside(folder: string, relative: string): Promise<string | null> {
  if (relative.includes('\0')) return null;
  const lexical = path.resolve(folder, relative);
  if (!isInside(path.resolve(folder), lexical)) return null;
  // Both sides real: the folder itself may legitimately be a symlink (media moved to another disk).
  const [realFolder, realFile] = await Promise.all([fs.realpath(folder), fs.realpath(lexical)]);
  return isInside(realFolder, realFile) ? realFile : null;
}

/** True when `file` is strictly below `folder` (both absolute and normalised). */
function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  const up = relative === '..' || relative.startsWith(`..${path.sep}`);
  return relative !== '' && !up && !path.isAbsolute(relative);
}
