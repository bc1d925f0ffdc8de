import fs from 'node:fs';
import path from 'node:path';
import type { ProjectionParams } from './projection-types';

/** A computed map as cached: what was projected, how, and where each face landed. */
export interface StoredProjection {
  key: string;
  model: number;
  params: ProjectionParams;
  seconds: number;
  explained: number[];
  note: string | null;
  faceIds: Int32Array;
  /** `faceIds.length * params.dims` values in [-1, 1]. */
  coords: Float32Array;
}

const magic = 'FAPJ1\n';
/** Maps kept per catalog: older ones (other parameters, earlier face sets) are deleted past this. */
const keepMaps = 24;

/**
 * Computed maps in `<catalogDir>/projections/<key>.map`: the magic, a JSON header's length (u32 LE) and
 * header, padding to 4 bytes, then the face ids (int32) and the coordinates (float32). Written to a temp
 * file and renamed, so a reader never sees half a map; a file that does not add up is treated as absent
 * (the map is computed again), never as an error.
 */
export class ProjectionStore {
  readonly folder: string;

  constructor(catalogDir: string) {
    this.folder = path.join(catalogDir, 'projections');
  }

  /** The cached map with this key, or undefined (none, or unreadable). */
  read(key: string): StoredProjection | undefined {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(this.file(key));
    } catch {
      return undefined;
    }
    return decode(bytes, key);
  }

  write(map: StoredProjection): void {
    fs.mkdirSync(this.folder, { recursive: true });
    const target = this.file(map.key);
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, encode(map));
    fs.renameSync(temp, target);
    this.prune();
  }

  private file(key: string): string {
    if (!/^[0-9a-f]{16,64}$/.test(key)) throw new Error(`ProjectionStore - bad key ${key}`);
    return path.join(this.folder, `${key}.map`);
  }

  /** Keeps the newest maps; a deletion that fails (another process reading on Windows) is left for later. */
  private prune(): void {
    const maps = fs
      .readdirSync(this.folder)
      .filter((name) => name.endsWith('.map'))
      .map((name) => ({ name, time: fs.statSync(path.join(this.folder, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of maps.slice(keepMaps)) fs.rmSync(path.join(this.folder, name), { force: true });
  }
}

function encode(map: StoredProjection): Buffer {
  const { faceIds, coords, ...rest } = map;
  const header = Buffer.from(JSON.stringify({ ...rest, points: faceIds.length }));
  const start = magic.length + 4 + header.length;
  const padding = (4 - (start % 4)) % 4;
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([
    Buffer.from(magic),
    length,
    header,
    Buffer.alloc(padding),
    Buffer.from(faceIds.buffer, faceIds.byteOffset, faceIds.byteLength),
    Buffer.from(coords.buffer, coords.byteOffset, coords.byteLength),
  ]);
}

function decode(bytes: Buffer, key: string): StoredProjection | undefined {
  try {
    if (bytes.subarray(0, magic.length).toString() !== magic) return undefined;
    const headerLength = bytes.readUInt32LE(magic.length);
    const start = magic.length + 4;
    const header = JSON.parse(bytes.subarray(start, start + headerLength).toString()) as Omit<
      StoredProjection,
      'faceIds' | 'coords'
    > & { points: number };
    const { points, ...rest } = header;
    const offset = start + headerLength + ((4 - ((start + headerLength) % 4)) % 4);
    const dims = rest.params.dims;
    if (rest.key !== key || offset + points * 4 * (1 + dims) !== bytes.length) return undefined;
    // Copied out: a Buffer's offset into its memory need not be a multiple of 4.
    const body = new Uint8Array(bytes.subarray(offset)).buffer;
    return {
      ...rest,
      faceIds: new Int32Array(body, 0, points),
      coords: new Float32Array(body, points * 4, points * dims),
    };
  } catch {
    return undefined;
  }
}
