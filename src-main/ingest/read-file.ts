import { createHash } from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { toFsPath } from '../util/fs-path';
import type { ScannedFile } from './scan';
import { describeFsError } from './scan';
import { hasImageExtension, sniffFormat, type ImageFormat } from '../imaging/sniff';

/** Files above this size are refused before being read (no photo is this large; a disk image might be). */
export const maxFileBytes = 1024 ** 3;

/** The head read to sniff a format: what file-type needs (TIFF is told by its first four bytes). */
export const sniffBytes = 4100;

/** The first step of importing one file: read it, sniff its format, hash it. */
export type ReadOutcome =
  | { kind: 'image'; file: ScannedFile; bytes: Buffer; format: ImageFormat; sha256: string }
  | { kind: 'not-image'; file: ScannedFile }
  | { kind: 'failed'; file: ScannedFile; error: string };

/**
 * Reads a scanned file and decides what it is by its content. A file that is not an image and does not
 * claim to be one (by extension) is skipped quietly; one that claims to be an image but is empty, unreadable,
 * oversized or of an unreadable format fails with a reason. Only the head is read to sniff; the rest only
 * when it is an image, so a folder of videos costs a few kilobytes each, not their size.
 */
export async function readCandidate(file: ScannedFile): Promise<ReadOutcome> {
  if (file.bytes > maxFileBytes) {
    return {
      kind: 'failed',
      file,
      error: `file is ${(file.bytes / 1024 ** 3).toFixed(1)} GB, over the 1 GB limit`,
    };
  }
  let handle: FileHandle;
  try {
    handle = await fs.open(toFsPath(file.path), 'r');
  } catch (error) {
    return { kind: 'failed', file, error: describeFsError(error, 'cannot read file') };
  }
  try {
    return await sniffAndRead(handle, file);
  } catch (error) {
    return { kind: 'failed', file, error: describeFsError(error, 'cannot read file') };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function sniffAndRead(handle: FileHandle, file: ScannedFile): Promise<ReadOutcome> {
  const claimsImage = hasImageExtension(file.path);
  // A positioned read: it leaves the file offset at 0 for readFile below.
  const { bytesRead, buffer } = await handle.read(Buffer.alloc(sniffBytes), 0, sniffBytes, 0);
  if (bytesRead === 0) {
    return claimsImage
      ? { kind: 'failed', file, error: 'empty file (0 bytes)' }
      : { kind: 'not-image', file };
  }
  const sniffed = await sniffFormat(buffer.subarray(0, bytesRead));
  if (sniffed.kind === 'unsupported-image') {
    return { kind: 'failed', file, error: `unsupported image format: ${sniffed.format}` };
  }
  if (sniffed.kind === 'not-image') {
    if (!claimsImage) return { kind: 'not-image', file };
    const found = sniffed.detected ? `it holds ${sniffed.detected}` : 'no image signature';
    return { kind: 'failed', file, error: `named ${path.extname(file.path)} but not an image: ${found}` };
  }
  const bytes = await handle.readFile();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { kind: 'image', file, bytes, format: sniffed.format, sha256 };
}
