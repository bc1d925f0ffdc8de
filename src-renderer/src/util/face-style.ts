import type { FaceView } from '../../../src-main/api/contract';

/** Box colour by how the face's person was assigned: confirmed, suggested, rejected, or nobody yet. */
export function faceColour(face: Pick<FaceView, 'assignment'>): string {
  switch (face.assignment) {
    case 'confirmed':
      return '#3ddc84';
    case 'suggested':
      return '#ffc145';
    case 'rejected':
      return '#ff6b6b';
    default:
      return '#4f8cff';
  }
}

/**
 * The label of a face: its person's name when known, else the detector's score (`wholeImage`: what to call
 * a face that stands for a whole image, in the UI's language).
 */
export function faceLabel(
  face: Pick<FaceView, 'personName' | 'score' | 'wholeImage'>,
  wholeImage = 'whole image',
): string {
  if (face.personName) return face.personName;
  return face.wholeImage ? wholeImage : face.score.toFixed(2);
}
