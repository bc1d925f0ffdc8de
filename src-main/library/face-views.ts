/** A face as the views show it: geometry in the upright photo's pixels, and who it is (if known). */
export interface FaceView {
  id: number;
  photoId: number;
  box: { x: number; y: number; width: number; height: number };
  /** The 68 iBUG landmarks as [x, y]; empty when none were computed. */
  landmarks: Array<[number, number]>;
  /** Detector confidence 0..1 (0 when the whole image was taken as the face). */
  score: number;
  /** 0..1: size, sharpness and pose together. */
  quality: number;
  /** True when no face was detected and the whole (tight-crop) image stands for the face. */
  wholeImage: boolean;
  personId: number | null;
  personName: string | null;
  assignment: 'confirmed' | 'suggested' | 'rejected' | null;
}

/** A model registered in the catalog. */
export interface ModelView {
  id: number;
  name: string;
  role: 'detector' | 'landmarks' | 'embedder' | 'classifier';
  origin: 'bundled' | 'trained' | 'imported';
  metadata: Record<string, unknown>;
}
