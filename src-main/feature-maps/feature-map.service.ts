import type { EmbeddingRepository } from '../catalog/embedding.repository';
import type { FaceBox, FaceRepository, FaceRow } from '../catalog/face.repository';
import type { ModelRepository } from '../catalog/model.repository';
import type { PhotoRepository } from '../catalog/photo.repository';
import { loadPhotoPixels } from '../faces/photo-pixels';
import { loadCropInput } from '../models/crop-inputs';
import { embedderSpecOf } from '../models/embedder-specs';
import { UserError } from '../util/errors';
import { floatsOf } from '../util/float-blob';
import type { Point } from '../vision/types';
import { cutContextCrop } from './context-crop';
import { FeatureMapClient } from './feature-map-client';
import type { FeatureModelRef, ReferenceInput, SquarePixels } from './feature-map-messages';
import { activationGrid, pngDataUrl, saliencyOverlay } from './feature-map-render';
import type { ActivationGrid, FeatureLayers, SaliencyMap, SaliencyTarget } from './feature-map-views';

export interface ActivationRequest {
  face: number;
  model?: number | undefined;
  layer: string;
  channels: number;
}

export interface SaliencyRequest {
  face: number;
  model?: number | undefined;
  reference?: { face: number } | { person: number } | undefined;
}

export interface FeatureMapDeps {
  catalogDir: string;
  repositories: {
    faces: FaceRepository;
    photos: PhotoRepository;
    embeddings: EmbeddingRepository;
    models: ModelRepository;
  };
  /** The active embedder (the default model). */
  activeEmbedder: () => number;
  /** The bundled embedder's model id (`dlib-resnet-128`). */
  bundledEmbedder: number;
  maxPixels: number;
  /** The worker client (tests may pass one with a short idle time). */
  client?: FeatureMapClient;
}

/** A model resolved for the worker, with its id. */
interface ResolvedModel {
  id: number;
  ref: FeatureModelRef;
  inputSize: number;
}

/**
 * What a network looks at: a layer's activation maps and Grad-CAM saliency of a face. This side gathers
 * pixels (the stored aligned crop; a context crop re-aligned from the photo), references and models from
 * the catalog, and draws the PNGs; the tensors run in the feature-map worker (feature-map-client.ts).
 */
export class FeatureMapService {
  private readonly client: FeatureMapClient;

  constructor(private readonly deps: FeatureMapDeps) {
    this.client = deps.client ?? new FeatureMapClient();
  }

  async layers(model?: number): Promise<FeatureLayers> {
    const resolved = await this.resolve(model);
    const answer = await this.client.call('layers', { model: resolved.ref });
    return { model: resolved.id, layers: answer.layers, saliencyLayer: answer.saliencyLayer };
  }

  async activations(request: ActivationRequest): Promise<ActivationGrid> {
    const face = this.face(request.face);
    const model = await this.resolve(request.model);
    const crop = await this.storedCrop(face, model.inputSize);
    const answer = await this.client.call(
      'activations',
      { model: model.ref, crop, layer: request.layer, channels: request.channels },
      [crop.data.buffer as ArrayBuffer],
    );
    const grid = activationGrid(answer.maps, answer.shown.length, answer.width, answer.height);
    return {
      model: model.id,
      face: face.id,
      layer: answer.layer,
      width: answer.width,
      height: answer.height,
      channels: answer.channels,
      shown: answer.shown,
      image: await pngDataUrl(grid),
    };
  }

  async saliency(request: SaliencyRequest): Promise<SaliencyMap> {
    const face = this.face(request.face);
    const model = await this.resolve(request.model);
    const canvas = await this.client.call('canvas', { model: model.ref });
    const whole = await this.contextCrop(face, model.inputSize, canvas.size);
    const { reference, target } = await this.reference(face, model, request.reference);
    const sent = whole.data.slice();
    const transfer = [
      sent.buffer,
      ...(reference.kind === 'crop' ? [reference.crop.data.buffer as ArrayBuffer] : []),
    ];
    const answer = await this.client.call(
      'saliency',
      { model: model.ref, context: { data: sent, size: canvas.size }, reference },
      transfer,
    );
    const shown = cutSquare(whole.data, canvas.size, canvas.offset, canvas.shown);
    const overlay = saliencyOverlay(shown, canvas.shown, answer.values, answer.width, answer.height);
    const box = whole.faceBox;
    return {
      model: model.id,
      face: face.id,
      layer: answer.layer,
      target,
      width: answer.width,
      height: answer.height,
      values: Array.from(answer.values),
      cropSize: canvas.shown,
      faceBox: { ...box, x: box.x - canvas.offset, y: box.y - canvas.offset },
      crop: await pngDataUrl({ data: shown, width: canvas.shown, height: canvas.shown }),
      overlay: await pngDataUrl(overlay),
    };
  }

  /** Stops the worker (the container's shutdown). */
  dispose(): Promise<void> {
    return this.client.dispose();
  }

  private face(id: number): FaceRow {
    const face = this.deps.repositories.faces.get(id);
    if (!face) throw new UserError(`there is no face ${id}`, 'not-found');
    return face;
  }

  /** The bundled embedder, or a trained / imported layers model; graph models and heads are refused. */
  private async resolve(id = this.deps.activeEmbedder()): Promise<ResolvedModel> {
    const row = this.deps.repositories.models.list().find((model) => model.id === id);
    if (!row) throw new UserError(`there is no model ${id}`, 'not-found');
    if (row.id === this.deps.bundledEmbedder) return { id, ref: { kind: 'bundled' }, inputSize: 150 };
    if (row.origin === 'bundled') {
      throw new UserError(`model ${id} (${row.name}) is a ${row.role}: feature maps are shown for embedders`);
    }
    const spec = await embedderSpecOf(row, this.deps.catalogDir);
    if (spec.format === 'graph') {
      throw new UserError(
        `model ${id} (${row.name}): feature maps and saliency need a layers model; this imported model is a graph model`,
      );
    }
    const { folder, inputSize, normalization, embeddingLayer } = spec;
    return { id, ref: { kind: 'layers', folder, inputSize, normalization, embeddingLayer }, inputSize };
  }

  private async storedCrop(face: FaceRow, size: number): Promise<SquarePixels> {
    const crop = face.crop ? await loadCropInput(this.deps.catalogDir, face.crop, size) : null;
    if (!crop) throw new UserError(`face ${face.id} has no readable aligned crop`);
    return crop;
  }

  /** The face re-aligned from its photo with context around it (see context-crop.ts). */
  private async contextCrop(face: FaceRow, inputSize: number, size: number) {
    const landmarks = face.landmarks ? (JSON.parse(face.landmarks) as Point[]) : [];
    if (landmarks.length !== 68) {
      throw new UserError(
        `face ${face.id} has no landmarks (a whole-image face): saliency needs them to align it`,
      );
    }
    const photo = this.deps.repositories.photos.get(face.photoId);
    if (!photo) throw new UserError(`the photo of face ${face.id} is gone`, 'not-found');
    const loaded = await loadPhotoPixels(photo, this.deps.maxPixels);
    if (!loaded.ok) throw new UserError(`the photo of face ${face.id}: ${loaded.error}`);
    const { rgb, size: full } = loaded;
    // Landmarks and box are stored in full-size photo pixels; the decode is at most analysisMaxSide.
    const scale = rgb.width / full.width;
    const box = JSON.parse(face.box) as FaceBox;
    return cutContextCrop(
      { data: rgb.data, width: rgb.width, height: rgb.height },
      landmarks.map(([x, y]) => [x * scale, y * scale] as Point),
      { x: box.x * scale, y: box.y * scale, width: box.width * scale, height: box.height * scale },
      inputSize,
      size,
    );
  }

  /**
   * What the embedding is compared with: the face's own aligned crop (default), another face's stored
   * vector under the model (or its crop), or the mean of a person's confirmed faces' vectors.
   */
  private async reference(
    face: FaceRow,
    model: ResolvedModel,
    asked: SaliencyRequest['reference'],
  ): Promise<{ reference: ReferenceInput; target: SaliencyTarget }> {
    const { embeddings } = this.deps.repositories;
    if (!asked) {
      return {
        reference: { kind: 'crop', crop: await this.storedCrop(face, model.inputSize) },
        target: { kind: 'self' },
      };
    }
    if ('face' in asked) {
      const stored = embeddings.vector(asked.face, model.id);
      const target: SaliencyTarget = { kind: 'face', face: asked.face };
      if (stored) return { reference: { kind: 'vector', vector: floatsOf(stored) }, target };
      return {
        reference: { kind: 'crop', crop: await this.storedCrop(this.face(asked.face), model.inputSize) },
        target,
      };
    }
    const rows = embeddings.labeledOf(model.id, asked.person);
    if (rows.length === 0) {
      throw new UserError(`person ${asked.person} has no confirmed face embedded by model ${model.id}`);
    }
    // The mean of the person's truth faces (the grad-cam score is a cosine: its length does not matter).
    const centre = new Float32Array(floatsOf(rows[0]!.vector).length);
    for (const row of rows) floatsOf(row.vector).forEach((value, d) => (centre[d]! += value / rows.length));
    return {
      reference: { kind: 'vector', vector: centre },
      target: { kind: 'person', person: asked.person },
    };
  }
}

/** The `side` x `side` square of an RGB `size` square from (`offset`, `offset`). */
function cutSquare(data: Uint8Array, size: number, offset: number, side: number): Uint8Array {
  const out = new Uint8Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    const start = ((y + offset) * size + offset) * 3;
    out.set(data.subarray(start, start + side * 3), y * side * 3);
  }
  return out;
}
