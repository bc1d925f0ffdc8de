import * as tf from '@tensorflow/tfjs-core';
import { alignFace } from './align.js';
import { initBackend } from './backend.js';
import type { BackendName } from './backend-names.js';
import { DEFAULT_ANALYZE_OPTIONS, DEFAULT_MIN_CONFIDENCE } from './defaults.js';
import { SsdDetector } from './detector-ssd/ssd-detector.js';
import { TinyDetector } from './detector-tiny/tiny-detector.js';
import { ResnetEmbedder } from './embedder-resnet/resnet-embedder.js';
import { validateImage } from './image-ops.js';
import { Landmarks68 } from './landmarks68/landmarks-net.js';
import type { Detection } from './nms.js';
import { faceQuality } from './quality.js';
import type { AnalyzedFace, AnalyzeOptions, Box, RgbImage } from './types.js';

/** IoU above which two detections are the same face. */
const IOU_THRESHOLD = 0.4;

/**
 * The central box used when nothing is detected: the centred square of side min(width, height)
 * (a 150x150 reference crop is used whole; a 92x112 ORL portrait loses 10 px top and bottom).
 */
export function centralBox(width: number, height: number): Box {
  const side = Math.min(width, height);
  return { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
}

/**
 * Detect -> landmarks -> align -> embed, on one thread (a worker runs one of these). Create with
 * {@link VisionPipeline.create}; it initialises the backend and loads the networks once.
 */
export class VisionPipeline {
  private tiny: TinyDetector | undefined;

  private constructor(
    readonly backend: BackendName,
    private readonly ssd: SsdDetector,
    private readonly landmarks: Landmarks68,
    private readonly embedder: ResnetEmbedder,
  ) {}

  /** Initialises the tfjs backend (see backend.ts) and loads SSD, landmarks and embedder weights. */
  static async create(): Promise<VisionPipeline> {
    const backend = await initBackend();
    return new VisionPipeline(backend, SsdDetector.load(), Landmarks68.load(), ResnetEmbedder.load());
  }

  /**
   * Runs every stage once on a small synthetic photo (one SSD pass, two faces through landmarks, alignment
   * and the embedder), so that a worker's first real photos run at full speed: the backend
   * creates and packs each convolution's operator on first use, and each worker's V8 optimises the JS
   * stages on its own. Measured on bbt: the first import after a start took 1.91 s without it, 1.49 s with.
   */
  async warmUp(): Promise<void> {
    const width = 320;
    const height = 256;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24; // deterministic noise
    const image = { data, width, height };
    await this.detect(image);
    const boxes = [0, 1].map((i) => ({ x: 20 + i * 140, y: 60, width: 100, height: 120 }));
    await this.describe(
      image,
      boxes.map((box) => ({ box, score: 0 })),
      false,
      true,
    );
  }

  /** Finds faces (boxes in original pixels, best first) without landmarks or embeddings. */
  async detect(image: RgbImage, options: AnalyzeOptions = {}): Promise<Detection[]> {
    validateImage(image);
    const o = { ...DEFAULT_ANALYZE_OPTIONS, ...options };
    const minConfidence = o.minConfidence ?? DEFAULT_MIN_CONFIDENCE[o.detector];
    const common = { minConfidence, iouThreshold: IOU_THRESHOLD, maxResults: o.maxFaces };
    const found =
      o.detector === 'tiny'
        ? await this.tinyDetector().detect(image, common)
        : await this.ssd.detect(image, common);
    return found.filter((d) => Math.min(d.box.width, d.box.height) >= o.minFaceSize);
  }

  /**
   * Analyses every face of an RGB image: detection (on a copy shrunk to the detector's input), 68
   * landmarks, dlib alignment to a 150x150 chip, 128-d embedding (batched), quality. With
   * `wholeImageFallback`, an image without detections yields one face for {@link centralBox}.
   */
  async analyze(image: RgbImage, options: AnalyzeOptions = {}): Promise<AnalyzedFace[]> {
    const o = { ...DEFAULT_ANALYZE_OPTIONS, ...options };
    const detections = await this.detect(image, o);
    if (detections.length > 0) return this.describe(image, detections, o.flipFusion, false);
    if (!o.wholeImageFallback) return [];
    return this.describe(
      image,
      [{ box: centralBox(image.width, image.height), score: 0 }],
      o.flipFusion,
      true,
    );
  }

  /**
   * Landmarks, alignment and embedding for given boxes (e.g. eval's fixed central box); no detection, so
   * the faces have score 0 and `wholeImage: true` (their box was assumed, not found).
   */
  async embedBoxes(
    image: RgbImage,
    boxes: Box[],
    options: Pick<AnalyzeOptions, 'flipFusion'> = {},
  ): Promise<AnalyzedFace[]> {
    validateImage(image);
    const flip = options.flipFusion ?? DEFAULT_ANALYZE_OPTIONS.flipFusion;
    return this.describe(
      image,
      boxes.map((box) => ({ box, score: 0 })),
      flip,
      true,
    );
  }

  private async describe(
    image: RgbImage,
    detections: Detection[],
    flipFusion: boolean,
    wholeImage: boolean,
  ): Promise<AnalyzedFace[]> {
    if (detections.length === 0) return [];
    const landmarks = await this.landmarks.predict(
      image,
      detections.map((d) => d.box),
    );
    const crops = landmarks.map((points) => alignFace(image, points));
    const embeddings = await this.embedder.embed(crops, flipFusion);
    return detections.map((d, i) => ({
      box: d.box,
      score: d.score,
      landmarks: landmarks[i]!,
      embedding: embeddings[i]!,
      quality: faceQuality(d.box, landmarks[i]!, crops[i]!).quality,
      alignedCrop: crops[i]!,
      wholeImage,
    }));
  }

  private tinyDetector(): TinyDetector {
    this.tiny ??= TinyDetector.load();
    return this.tiny;
  }

  /** Number of live tensors (weights included), for leak checks. */
  static liveTensors(): number {
    return tf.memory().numTensors;
  }

  /** Frees every network's weights. */
  dispose(): void {
    this.ssd.dispose();
    this.tiny?.dispose();
    this.landmarks.dispose();
    this.embedder.dispose();
  }
}
