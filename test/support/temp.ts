import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder; remove it with the returned cleanup. */
export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `faceatlas-${prefix}-`));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** True when this process can read any file regardless of permissions (root). */
export const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
