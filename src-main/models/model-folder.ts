import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors';
import type { ModelFormat } from './embedder-trained/embedder-spec';

/** What a model folder says about itself before any of it is loaded. */
export interface FolderFacts {
  format: ModelFormat;
  /** Side of the square input when model.json fixes it; null when the model takes any size. */
  inputSize: number | null;
  /** Graph models: the input placeholder's name. */
  inputName: string | null;
  /** faceatlas.json beside a model trained here (config, classes, embeddingLayer), else null. */
  faceatlas: FaceatlasFacts | null;
  /** Every file of the model (model.json, the weight files, faceatlas.json when present). */
  files: string[];
}

/** The parts of a trained model's faceatlas.json the registry reads. */
export interface FaceatlasFacts {
  inputSize: number | null;
  normalization: string | null;
  embeddingLayer: string | null;
  mode: string | null;
}

interface ManifestGroup {
  paths: string[];
  weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }>;
}

const bytesPerValue: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
  complex64: 8,
};

function refuse(folder: string, reason: string): never {
  throw new UserError(`not a usable TensorFlow.js model folder: ${folder}: ${reason}`);
}

/**
 * Checks a TensorFlow.js model folder without loading it: model.json parses and is a layers or graph
 * model, every weight file its manifest names is there with as many bytes as the manifest describes, and
 * the input is one image (rank 4, 3 channels, square). Throws a UserError saying what is wrong.
 */
export async function readModelFolder(folder: string): Promise<FolderFacts> {
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat?.isDirectory()) refuse(folder, 'there is no such folder');
  const text = await fs.readFile(path.join(folder, 'model.json'), 'utf8').catch(() => null);
  if (text === null) refuse(folder, 'it has no model.json');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    refuse(folder, `model.json is not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null) refuse(folder, 'model.json is not a JSON object');
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  if (!topology || typeof topology !== 'object') refuse(folder, 'model.json has no modelTopology');
  const format = formatOf(json.format, topology);
  if (!format) refuse(folder, 'model.json is neither a layers model nor a graph model');
  const weightFiles = await checkWeights(folder, json.weightsManifest);
  const input = format === 'layers' ? layersInputShape(topology) : graphInput(topology);
  if (!input) refuse(folder, 'model.json names no input shape');
  const shape = input.shape;
  if (shape.length !== 4 || shape[3] !== 3) {
    refuse(
      folder,
      `the model takes input of shape [${shape.map((d) => d ?? 'any').join(', ')}]; a face embedder takes [batch, size, size, 3]`,
    );
  }
  const [height, width] = [shape[1], shape[2]];
  if (height !== width && height !== null && width !== null) {
    refuse(folder, `the model takes ${width}x${height} images; face crops are square`);
  }
  const faceatlas = await readFaceatlas(folder);
  return {
    format,
    inputSize: height ?? width ?? null,
    inputName: input.name,
    faceatlas,
    files: ['model.json', ...weightFiles, ...(faceatlas ? ['faceatlas.json'] : [])],
  };
}

function formatOf(format: unknown, topology: Record<string, unknown>): ModelFormat | null {
  if (format === 'layers-model') return 'layers';
  if (format === 'graph-model') return 'graph';
  if (Array.isArray(topology.node)) return 'graph';
  if (typeof topology.class_name === 'string' || typeof topology.model_config === 'object') return 'layers';
  return null;
}

async function checkWeights(folder: string, manifest: unknown): Promise<string[]> {
  if (!Array.isArray(manifest)) refuse(folder, 'model.json has no weightsManifest');
  const files: string[] = [];
  for (const group of manifest as ManifestGroup[]) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) {
      refuse(folder, 'a weightsManifest entry has no paths or weights');
    }
    let bytes = 0;
    for (const file of group.paths) {
      const resolved = path.resolve(folder, file);
      if (path.relative(path.resolve(folder), resolved).startsWith('..') || path.isAbsolute(file)) {
        refuse(folder, `the weight file "${file}" is outside the folder`);
      }
      const stat = await fs.stat(resolved).catch(() => null);
      if (!stat?.isFile()) refuse(folder, `the weight file ${file} is missing`);
      bytes += stat.size;
      files.push(file);
    }
    const expected = group.weights.reduce((sum, weight) => {
      const dtype = weight.quantization?.dtype ?? weight.dtype;
      const values = (weight.shape ?? []).reduce((product, d) => product * d, 1);
      return sum + values * (bytesPerValue[dtype] ?? 4);
    }, 0);
    if (bytes !== expected) {
      refuse(
        folder,
        `the weight files ${group.paths.join(', ')} hold ${bytes} bytes; the manifest describes ${expected}`,
      );
    }
  }
  return files;
}

type Dim = number | null;

/** The first input's batch shape of a Keras-style topology (functional or sequential). */
function layersInputShape(topology: Record<string, unknown>): { shape: Dim[]; name: string | null } | null {
  const model = (topology.model_config ?? topology) as { config?: { layers?: unknown[] } };
  const layers = model.config?.layers;
  if (!Array.isArray(layers) || layers.length === 0) return null;
  const first = layers[0] as { config?: Record<string, unknown> };
  const shape = first.config?.batch_input_shape ?? first.config?.batchInputShape;
  if (!Array.isArray(shape)) return null;
  return { shape: shape.map((d) => (typeof d === 'number' ? d : null)), name: null };
}

/** The first placeholder of a graph model, with its shape (-1: any size). */
function graphInput(topology: Record<string, unknown>): { shape: Dim[]; name: string | null } | null {
  const nodes = topology.node as Array<{
    name: string;
    op: string;
    attr?: { shape?: { shape?: { dim?: Array<{ size?: string | number }> } } };
  }>;
  const placeholder = nodes.find((node) => node.op === 'Placeholder');
  const dims = placeholder?.attr?.shape?.shape?.dim;
  if (!placeholder || !Array.isArray(dims)) return null;
  return {
    shape: dims.map(({ size }) => {
      const n = Number(size ?? -1);
      return n < 0 ? null : n;
    }),
    name: placeholder.name,
  };
}

async function readFaceatlas(folder: string): Promise<FaceatlasFacts | null> {
  const text = await fs.readFile(path.join(folder, 'faceatlas.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  let json: { config?: Record<string, unknown>; embeddingLayer?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (error) {
    refuse(folder, `faceatlas.json is not valid JSON (${(error as Error).message})`);
  }
  const config = json.config ?? {};
  return {
    inputSize: typeof config.inputSize === 'number' ? config.inputSize : null,
    normalization: typeof config.normalization === 'string' ? config.normalization : null,
    embeddingLayer: typeof json.embeddingLayer === 'string' ? json.embeddingLayer : null,
    mode: typeof config.mode === 'string' ? config.mode : null,
  };
}
