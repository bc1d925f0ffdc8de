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
