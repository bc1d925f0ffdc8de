import type { CHIP_SIZE } from './align.js';
import type { DETECTOR_KINDS } from './defaults.js';

/** An 8-bit RGB image, pixels interleaved row-major (length = width * height * 3). */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** An axis-aligned box in pixels of the image it refers to. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A 2-D point [x, y] in pixels. */
export type Point = [number, number];

/** A CHIP_SIZE x CHIP_SIZE (150x150) RGB face chip aligned to the embedder's template. */
export interface AlignedCrop {
  data: Uint8Array;
  width: typeof CHIP_SIZE;
  height: typeof CHIP_SIZE;
}

/** One face found (or assumed) in an image, with everything the catalog stores. */
export interface AnalyzedFace {
  /** Detection box in original image pixels. */
  box: Box;
  /** Detector confidence 0..1 (0 for a whole-image fallback face). */
  score: number;
  /** The 68 iBUG landmarks in original image pixels. */
  landmarks: Point[];
  /** 128-d descriptor, L2-normalised. */
  embedding: Float32Array;
  /** Quality 0..1, see quality.ts for the formula. */
  quality: number;
  /** The aligned chip the embedding was computed on (usable as a face thumbnail). */
  alignedCrop: AlignedCrop;
  /** True when nothing was detected and the face is the fallback central box. */
  wholeImage: boolean;
}

/** Which detector to run: SSD MobileNetV1 (default, accurate) or the tiny face detector (fast). */
export type DetectorKind = (typeof DETECTOR_KINDS)[number];

/** Options of {@link VisionPipeline.analyze}; every field has a default. */
export interface AnalyzeOptions {
  /** Detector network (default 'ssd'). */
  detector?: DetectorKind;
  /** Minimum detector score (default: DEFAULT_MIN_CONFIDENCE of the detector; 0.3 is best on LFW DevTrain). */
  minConfidence?: number;
  /** Embed the mirrored chip too and fuse: normalise(unit(chip) + unit(mirror)) (default false). */
  flipFusion?: boolean;
  /** When nothing is detected, analyse the central box as the face (default false). */
  wholeImageFallback?: boolean;
  /** Ignore detections whose shorter side is below this many original pixels (default 0). */
  minFaceSize?: number;
  /** At most this many faces, highest scores first (default 100). */
  maxFaces?: number;
}
