import fs from 'node:fs/promises';
import path from 'node:path';
import { toStoredPath } from '../util/fs-path';

export interface ScannedFile {
  kind: 'file';
  /** The stored form (util/fs-path): open it through `toFsPath`, show it through `displayPath`. */
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
 * hang), and never enters a folder twice, so symlink loops end with an error instead of recursing. Names
 * are read as bytes, so that a name that is not UTF-8 keeps a path that opens (see util/fs-path).
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
    const bytes = Buffer.from(absolute, 'utf8');
    yield* walk(bytes, toStoredPath(bytes), visited);
  }
}

/** A path as read from the file system (bytes) and as stored. */
interface Entry {
  bytes: Buffer;
  path: string;
}

const separator = Buffer.from(path.sep, 'utf8');

function child(dir: Buffer, name: Buffer): Entry {
  const bytes = dir.subarray(-separator.length).equals(separator)
    ? Buffer.concat([dir, name])
    : Buffer.concat([dir, separator, name]);
  return { bytes, path: toStoredPath(bytes) };
}

async function* walk(dir: Buffer, root: string, visited: Set<string>): AsyncGenerator<ScanEntry> {
  const dirPath = toStoredPath(dir);
  let identity: string;
  let entries: Entry[];
  try {
    const stats = await fs.stat(dir);
    identity = `${stats.dev}:${stats.ino}`;
    if (visited.has(identity)) {
      yield { kind: 'error', path: dirPath, error: 'symlink loop or folder already scanned: not followed' };
      return;
    }
    visited.add(identity);
    const names = await fs.readdir(dir, { encoding: 'buffer' });
    entries = names.map((name) => child(dir, name)).sort((a, b) => (a.path < b.path ? -1 : 1));
  } catch (error) {
    yield { kind: 'error', path: dirPath, error: describeFsError(error, 'cannot scan folder') };
    return;
  }
  for (const entry of entries) {
    let stats;
    try {
      const link = await fs.lstat(entry.bytes);
      stats = link.isSymbolicLink() ? await fs.stat(entry.bytes) : link;
    } catch (error) {
      yield { kind: 'error', path: entry.path, error: describeFsError(error, 'cannot read') };
      continue;
    }
    if (stats.isDirectory()) {
      yield* walk(entry.bytes, root, visited);
    } else if (stats.isFile()) {
      yield { kind: 'file', path: entry.path, root, bytes: stats.size, mtimeMs: stats.mtimeMs };
    } else {
      yield {
        kind: 'error',
        path: entry.path,
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
