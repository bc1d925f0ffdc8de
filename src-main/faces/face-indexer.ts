import { randomUUID } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { catalogLayout } from '../platform/paths';
import type { RgbPixels } from '../imaging/decode';
import { thumbnailExtension } from '../imaging/thumbnail';
import { inFolder } from '../util/in-folder';
import type { FaceSettings } from '../settings/face-settings';
import type { BackendName } from '../vision/backend-names';
import { probeBackend } from '../vision/backend-probe';
import type { AnalyzedFace } from '../vision/types';
import { VisionWorkerPool } from '../vision/worker-pool';
import type { IndexedFace } from './face-store';

/** Photos are analysed at most this large: plenty for faces down to ~20 px, and a bounded transfer. */
export const analysisMaxSide = 2048;

export interface FaceIndexerOptions {
  catalogDir: string;
  /** The catalog's face settings (detector, threshold, flip fusion), read for every photo. */
  settings: () => Pick<FaceSettings, 'detector' | 'minConfidence' | 'flipFusion'>;
  /** Inference workers; one per core by default. */
  workers?: number;
}

/** A face found by {@link FaceIndexer.detect}: nothing of it is stored. */
export interface TransientFace {
  /** In the photo's full-size, upright pixels. */
  box: { x: number; y: number; width: number; height: number };
  score: number;
  embedding: Float32Array;
  cropJpeg: Buffer;
}

/**
 * Finds, aligns and embeds the faces of a decoded photo on the vision worker pool (started on first use)
 * and writes each face's aligned crop into the catalog. Coordinates come back in the upright photo's pixels.
 */
export class FaceIndexer {
  private pool: Promise<VisionWorkerPool> | null = null;
  private startedBackend: BackendName | null = null;

  constructor(private readonly options: FaceIndexerOptions) {}

  /** The backend the workers run on, or the one they would pick before they start. */
  backend(): BackendName {
    return this.startedBackend ?? probeBackend();
  }

  /** The backend the workers loaded and ran on; null while they have not started. */
  workersBackend(): BackendName | null {
    return this.startedBackend;
  }

  /**
   * The backend that loads: the workers' once they run, else TensorFlow.js started in this thread (once,
   * in the same order the workers use), so that `stats` names a backend that loaded, not one that merely
   * resolves. Rejects, as a worker would, when a forced FACEATLAS_BACKEND does not load.
   */
  async loadedBackend(): Promise<BackendName> {
    if (this.startedBackend) return this.startedBackend;
    const { initBackend } = await import('../vision/backend');
    return initBackend();
  }

  /**
   * Analyses one upright photo, decoded at most {@link analysisMaxSide} large (`size`: the photo's full
   * size, which the faces' coordinates are scaled to). The pixel buffer is handed to a worker (detached).
   * `labeledCrop` photos always yield a face: the whole image when none is found.
   */
  async analyze(
    rgb: RgbPixels,
    size: { width: number; height: number },
    photoSha: string,
    labeledCrop: boolean,
    signal?: AbortSignal,
  ): Promise<IndexedFace[]> {
    const pool = await this.startPool();
    const { detector, minConfidence, flipFusion } = this.options.settings();
    const faces = await pool.analyze(
      rgb,
      { detector, minConfidence, flipFusion, wholeImageFallback: labeledCrop },
      signal,
    );
    const scale = size.width / rgb.width;
    return Promise.all(
      faces.map(async (face, index) => ({ ...(await this.store(face, scale, photoSha, index)), detector })),
    );
  }

  /**
   * Finds and embeds the faces of a photo from outside the catalog (a search by photo), like `analyze` but
   * writing nothing: each face's aligned crop comes back as JPEG bytes instead of a catalog file.
   */
  async detect(
    rgb: RgbPixels,
    size: { width: number; height: number },
    signal?: AbortSignal,
  ): Promise<TransientFace[]> {
    const pool = await this.startPool();
    const { detector, minConfidence, flipFusion } = this.options.settings();
    const faces = await pool.analyze(
      rgb,
      { detector, minConfidence, flipFusion, wholeImageFallback: false },
      signal,
    );
    const scale = size.width / rgb.width;
    return Promise.all(
      faces.map(async (face) => {
        const { x, y, width, height } = face.box;
        const { data, width: w, height: h } = face.alignedCrop;
        return {
          box: { x: x * scale, y: y * scale, width: width * scale, height: height * scale },
          score: face.score,
          embedding: face.embedding,
          cropJpeg: await sharp(data, { raw: { width: w, height: h, channels: 3 } })
            .jpeg({ quality: 85 })
            .toBuffer(),
        };
      }),
    );
  }

  /**
   * Landmarks, alignment, crop and embedding for a box the user drew (in full-size photo pixels) on a
   * photo decoded for analysis: no detector runs, so the face scores 1 (a person said it is a face).
   */
  async embedBox(
    rgb: RgbPixels,
    size: { width: number; height: number },
    photoSha: string,
    box: { x: number; y: number; width: number; height: number },
  ): Promise<Omit<IndexedFace, 'detector'>> {
    const pool = await this.startPool();
    const scale = size.width / rgb.width;
    const analysisBox = {
      x: box.x / scale,
      y: box.y / scale,
      width: box.width / scale,
      height: box.height / scale,
    };
    const [face] = await pool.embedBoxes(rgb, [analysisBox], {
      flipFusion: this.options.settings().flipFusion,
    });
    if (!face) throw new Error('FaceIndexer: no face came back for the drawn box');
    // A name of its own: drawn faces are not numbered with the detector's.
    const drawn = await this.store(face, scale, photoSha, `drawn-${randomUUID().slice(0, 8)}`);
    return { ...drawn, box, score: 1, wholeImage: false };
  }

  /**
   * Starts the workers without waiting for them, so that their start (about a second: backend, weights,
   * a warm-up pass) overlaps the scan and the first decodes of a job, or an idle app, instead of delaying
   * the first photo.
   */
  warmUp(): void {
    this.startPool().catch(() => undefined); // a failed start is reported by the first analyze()
  }

  /** Resolves once the workers have started (backend and weights loaded and warmed up in each). */
  async ready(): Promise<void> {
    await this.startPool();
  }

  async dispose(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await (await pool).dispose();
  }

  private startPool(): Promise<VisionWorkerPool> {
    this.pool ??= VisionWorkerPool.create(this.options.workers ? { size: this.options.workers } : {}).then(
      (pool) => {
        this.startedBackend = pool.backend;
        return pool;
      },
    );
    return this.pool;
  }

  private async store(
    face: AnalyzedFace,
    scale: number,
    photoSha: string,
    index: number | string,
  ): Promise<Omit<IndexedFace, 'detector'>> {
    const crop = path.posix.join(
      catalogLayout.faceCrops,
      photoSha.slice(0, 2),
      `${photoSha}-${index}.${thumbnailExtension}`,
    );
    const target = path.join(this.options.catalogDir, crop);
    await inFolder(target, () =>
      sharp(face.alignedCrop.data, {
        raw: { width: face.alignedCrop.width, height: face.alignedCrop.height, channels: 3 },
      })
        .jpeg({ quality: 85 })
        .toFile(target),
    );
    const { x, y, width, height } = face.box;
    return {
      box: { x: x * scale, y: y * scale, width: width * scale, height: height * scale },
      landmarks: face.landmarks.map(([px, py]) => [px * scale, py * scale]),
      score: face.score,
      quality: face.quality,
      wholeImage: face.wholeImage,
      crop,
      embedding: face.embedding,
    };
  }
}
