import fs from 'node:fs';
import path from 'node:path';
import type { VectorSet } from './exact-search';

/** What a persisted index says about itself. */
export interface IndexHeader {
  version: number;
  model: number;
  count: number;
  dim: number;
  /** {@link fingerprint} of the ids and vectors below it. */
  fingerprint: string;
  /** The catalog's signature when it was written (see FaceIndexOptions.signature). */
  signature: string;
  /** Size of the approximate graph file written with it; 0 when the model is searched exactly. */
  graphBytes: number;
}

const magic = 0x58494146; // "FAIX", little-endian
const version = 1;

/** Where a model's files live: `<catalogDir>/index/<model>.vectors` and `.usearch`. */
export function indexPaths(dir: string, model: number): { vectors: string; graph: string } {
  return { vectors: path.join(dir, `${model}.vectors`), graph: path.join(dir, `${model}.usearch`) };
}

/**
 * Writes the ids and vectors atomically (temp file + rename): a crash leaves the old file or the new one,
 * never half of one. Layout: magic, header length, JSON header padded to 4 bytes, ids, vectors.
 */
export function writeIndexFile(file: string, header: Omit<IndexHeader, 'version'>, set: VectorSet): void {
  const json = Buffer.from(JSON.stringify({ ...header, version }));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const prefix = Buffer.alloc(8 + headerBytes, 0x20);
  prefix.writeUInt32LE(magic, 0);
  prefix.writeUInt32LE(headerBytes, 4);
  json.copy(prefix, 8);
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    for (const view of [prefix, set.ids, set.vectors]) {
      const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}

/**
 * Reads a persisted index; undefined when it is missing, of another version or model, or damaged (a size
 * that does not match its header, as a truncated file has): the caller rebuilds from the catalog.
 */
export function readIndexFile(
  file: string,
  model: number,
): { header: IndexHeader; set: VectorSet } | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length < 8 || data.readUInt32LE(0) !== magic) return undefined;
  const headerBytes = data.readUInt32LE(4);
  let header: IndexHeader;
  try {
    header = JSON.parse(data.subarray(8, 8 + headerBytes).toString()) as IndexHeader;
  } catch {
    return undefined;
  }
  const { count, dim } = header;
  const start = 8 + headerBytes;
  const valid =
    header.version === version &&
    header.model === model &&
    Number.isInteger(count) &&
    Number.isInteger(dim) &&
    data.length === start + count * 4 * (1 + dim);
  if (!valid) return undefined;
  // Copied into fresh aligned buffers: a Buffer from readFileSync may share a pool at any offset.
  const ids = new Int32Array(count);
  new Uint8Array(ids.buffer).set(data.subarray(start, start + count * 4));
  const vectors = new Float32Array(count * dim);
  new Uint8Array(vectors.buffer).set(data.subarray(start + count * 4));
  return { header, set: { ids, vectors, dim } };
}

/** The size of a file, or -1 when it is not there. */
export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}
