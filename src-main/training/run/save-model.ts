import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * Saves a trained model in the TensorFlow.js layers format (model.json + weights.bin) with the file system
 * calls of Node, since `file://` saving needs tfjs-node, which may not be the backend that trained it.
 * `extra` is written beside the model as faceatlas.json (config, classes, metrics) for whoever loads it.
 */
export async function saveLayersModel(
  model: LayersModel,
  folder: string,
  extra: Record<string, unknown>,
): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightsFile = 'weights.bin';
      const manifest = [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }];
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
        weightsManifest: manifest,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      };
      const data = artifacts.weightData ?? new ArrayBuffer(0);
      const buffers = Array.isArray(data) ? data : [data];
      await fs.writeFile(path.join(folder, weightsFile), Buffer.concat(buffers.map((b) => Buffer.from(b))));
      await fs.writeFile(path.join(folder, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  await fs.writeFile(path.join(folder, 'faceatlas.json'), JSON.stringify(extra, null, 2));
}
