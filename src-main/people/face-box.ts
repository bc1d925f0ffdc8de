import type { FaceBox } from '../catalog/face.repository';
import { UserError } from '../util/errors';

/** Refuses a drawn box that is not inside its photo, or too small to be a face. */
export function checkFaceBox(box: FaceBox, size: { width: number; height: number }): void {
  const inside =
    box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
  if (!inside || box.width < 8 || box.height < 8) {
    throw new UserError(
      `a face box must lie inside the ${size.width}x${size.height} photo, at least 8 px wide`,
    );
  }
}
