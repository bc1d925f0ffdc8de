import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** Where a run stands: the next step to run, and the epoch and batch within the epoch it belongs to. */
export interface TrainPosition {
  epoch: number;
  batch: number;
  step: number;
}

/** Early stopping's memory: the best validation value so far, when it was seen, epochs since. */
export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  badEpochs: number;
}

/** Everything besides tensors that a resume needs to continue at the exact step. */
export interface CheckpointState {
  position: TrainPosition;
  earlyStopping: EarlyStoppingState;
  /** Seconds spent training before this checkpoint (a resumed run's time adds up). */
  seconds: number;
  /**
   * Ghost batches per batch the run trains with (training/parallel/): they decide its losses, so a resume
   * keeps them whatever "auto" would choose on this machine. Absent before data-parallel training: 1.
   */
  shards?: number;
}

export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

interface Manifest {
  format: 'faceatlas-checkpoint-1';
  state: CheckpointState;
  weights: TensorEntry[];
  optimizer: TensorEntry[];
}

/** A checkpoint read back: tensors the caller assigns and then disposes. */
export interface LoadedCheckpoint {
  state: CheckpointState;
  weights: NamedTensor[];
  optimizer: NamedTensor[];
}

const manifestFile = 'checkpoint.json';
const dataFile = 'tensors.bin';

async function collect(
  tensors: readonly NamedTensor[],
  chunks: Uint8Array[],
  offset: { bytes: number },
): Promise<TensorEntry[]> {
  const entries: TensorEntry[] = [];
  for (const { name, tensor } of tensors) {
    const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
    const values = await tensor.data();
    const typed = dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values);
    const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
    entries.push({ name, shape: tensor.shape, dtype, offset: offset.bytes, length: typed.length });
    chunks.push(bytes);
    offset.bytes += bytes.byteLength;
  }
  return entries;
}

/**
 * Writes a checkpoint folder atomically: into a temporary sibling first, renamed into place only when
 * complete, so a crash mid-write never leaves a checkpoint that a resume would half-read.
 */
export async function writeCheckpoint(
  folder: string,
  state: CheckpointState,
  weights: readonly NamedTensor[],
  optimizer: readonly NamedTensor[],
): Promise<void> {
  const chunks: Uint8Array[] = [];
  const offset = { bytes: 0 };
  const manifest: Manifest = {
    format: 'faceatlas-checkpoint-1',
    state,
    weights: await collect(weights, chunks, offset),
    optimizer: await collect(optimizer, chunks, offset),
  };
  const temporary = `${folder}.partial`;
  await fs.rm(temporary, { recursive: true, force: true });
  await fs.mkdir(temporary, { recursive: true });
  await fs.writeFile(path.join(temporary, dataFile), Buffer.concat(chunks));
  await fs.writeFile(path.join(temporary, manifestFile), JSON.stringify(manifest));
  await fs.rm(folder, { recursive: true, force: true });
  await fs.rename(temporary, folder);
}

function restore(entries: readonly TensorEntry[], data: Buffer): NamedTensor[] {
  return entries.map((entry) => {
    const bytes = entry.length * 4;
    if (entry.offset + bytes > data.byteLength) {
      throw new Error(`checkpoint is truncated at tensor "${entry.name}"`);
    }
    // Copy out of the file buffer: typed views need 4-byte alignment, and tensors must own their data.
    const slice = new Uint8Array(bytes);
    slice.set(data.subarray(entry.offset, entry.offset + bytes));
    const values = entry.dtype === 'int32' ? new Int32Array(slice.buffer) : new Float32Array(slice.buffer);
    return { name: entry.name, tensor: tf.tensor(values, entry.shape, entry.dtype) };
  });
}

/** Reads a checkpoint folder written by {@link writeCheckpoint}; throws a clear error if it is damaged. */
export async function readCheckpoint(folder: string): Promise<LoadedCheckpoint> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(folder, manifestFile), 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`checkpoint ${folder} cannot be read: ${(error as Error).message}`);
  }
  if (manifest.format !== 'faceatlas-checkpoint-1') {
    throw new Error(`checkpoint ${folder} has an unknown format`);
  }
  const data = await fs.readFile(path.join(folder, dataFile));
  return {
    state: manifest.state,
    weights: restore(manifest.weights, data),
    optimizer: restore(manifest.optimizer, data),
  };
}
