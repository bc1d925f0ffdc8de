import fs from 'node:fs/promises';
import path from 'node:path';

export interface ScannedFile {
  kind: 'file';
  path: string;
  /** The folder the user chose to import that this file was found under. */
  root: string;
  bytes: number;
  mtimeMs: number;
}

export interface ScanError {
  kind: 'error';
  path: string;
  error: string;
}

export type ScanEntry = ScannedFile | ScanError;

/**
 * Walks folders recursively and yields regular files in a stable (sorted) order. Never opens anything
 * that is not a regular file (FIFOs, devices and sockets are reported, not read, so the import cannot
 * hang), and never enters a folder twice, so symlink loops end with an error instead of recursing.
 */
export async function* scanFolders(roots: readonly string[]): AsyncGenerator<ScanEntry> {
  const visited = new Set<string>();
  for (const root of roots) {
    const absolute = path.resolve(root);
    let stats;
    try {
      stats = await fs.stat(absolute);
    } catch (error) {
      yield { kind: 'error', path: absolute, error: describeFsError(error, 'cannot open folder') };
      continue;
    }
    if (!stats.isDirectory()) {
      yield { kind: 'error', path: absolute, error: 'not a folder' };
      continue;
    }
    yield* walk(absolute, absolute, visited);
  }
}

async function* walk(dir: string, root: string, visited: Set<string>): AsyncGenerator<ScanEntry> {
  let identity: string;
  let names: string[];
  try {
    const stats = await fs.stat(dir);
    identity = `${stats.dev}:${stats.ino}`;
    if (visited.has(identity)) {
      yield { kind: 'error', path: dir, error: 'symlink loop or folder already scanned: not followed' };
      return;
    }
    visited.add(identity);
    names = (await fs.readdir(dir)).sort();
  } catch (error) {
    yield { kind: 'error', path: dir, error: describeFsError(error, 'cannot scan folder') };
    return;
  }
  for (const name of names) {
    const entryPath = path.join(dir, name);
    let stats;
    try {
      const link = await fs.lstat(entryPath);
      stats = link.isSymbolicLink() ? await fs.stat(entryPath) : link;
    } catch (error) {
      yield { kind: 'error', path: entryPath, error: describeFsError(error, 'cannot read') };
      continue;
    }
    if (stats.isDirectory()) {
      yield* walk(entryPath, root, visited);
    } else if (stats.isFile()) {
      yield { kind: 'file', path: entryPath, root, bytes: stats.size, mtimeMs: stats.mtimeMs };
    } else {
      yield {
        kind: 'error',
        path: entryPath,
        error: `not a regular file (${specialKind(stats)}): not opened`,
      };
    }
  }
}

function specialKind(stats: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
}): string {
  if (stats.isFIFO()) return 'FIFO';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  return 'block device';
}

/** Turns a filesystem error into a short reason a user understands. */
export function describeFsError(error: unknown, action: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${action}: permission denied`;
    case 'ENOENT':
      return `${action}: no such file or folder (or a broken symlink)`;
    case 'ELOOP':
      return `${action}: symlink loop`;
    case 'EISDIR':
      return `${action}: is a folder`;
    case 'ENAMETOOLONG':
      return `${action}: name too long`;
    default:
      return `${action}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
