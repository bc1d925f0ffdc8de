import type { Container } from '../../src-main/app/container';
import type { NewFace } from '../../src-main/catalog/face.repository';

/**
 * Stores a photo (640x480, no file behind it) with one face per embedding, side by side, as indexing would
 * have: for tests of labels and clustering that need no images. Returns the faces' ids.
 */
export function seedPhoto(app: Container, index: number, embeddings: Float32Array[]): number[] {
  const photoId = app.repositories.photos.insert({
    path: `/photos/p${index}.jpg`,
    sha256: String(index).padStart(64, '0'),
    bytes: 1,
    format: 'jpeg',
    width: 640,
    height: 480,
    takenAt: null,
    folderLabel: null,
    thumb: `media/thumbs/${index}.jpg`,
  });
  const faces: NewFace[] = embeddings.map((embedding, i) => ({
    box: { x: 10 + i * 200, y: 10, width: 100, height: 120 },
    landmarks: [],
    score: 0.9,
    quality: 0.5,
    wholeImage: false,
    crop: `media/faces/${index}-${i}.jpg`,
    embedding,
    detectorModel: app.models.detectors.ssd,
  }));
  return app.repositories.faces.replaceForPhoto(photoId, faces, app.models.embedder);
}
