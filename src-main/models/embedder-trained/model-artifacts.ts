import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A load handler for a model folder on disk (model.json and the weight files its manifest names), read
 * with Node's file calls: `file://` loading needs tfjs-node, which may not be the backend in use. Weight
 * paths are taken inside the folder only.
 */
export function folderLoadHandler(folder: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await fs.readFile(path.join(folder, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const file of group.paths) {
            const bytes = await fs.readFile(insideFolder(folder, file));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

/** `file` of a manifest, resolved inside `folder`; a path that leaves it is refused. */
export function insideFolder(folder: string, file: string): string {
  const resolved = path.resolve(folder, file);
  const relative = path.relative(path.resolve(folder), resolved);
  if (file.includes('\0') || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`the weight file "${file}" is outside the model folder`);
  }
  return resolved;
}
