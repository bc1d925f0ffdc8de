import { describe, expect, it } from 'vitest';
import {
  clipMatrix,
  fitCamera,
  orbit,
  panBy,
  planeCoords,
  toPlane,
  toScreen,
  zoomAt,
  type Camera,
} from '../../../src-renderer/src/components/embeddings/camera';

const size = { width: 800, height: 500 };
const camera: Camera = { centerX: 0.2, centerY: -0.1, scale: 300, yaw: 0.7, pitch: -0.4 };

function applyMatrix(m: Float32Array, x: number, y: number, z: number): [number, number] {
  const w = m[3]! * x + m[7]! * y + m[11]! * z + m[15]!;
  return [(m[0]! * x + m[4]! * y + m[8]! * z + m[12]!) / w, (m[1]! * x + m[5]! * y + m[9]! * z + m[13]!) / w];
}

describe('camera', () => {
  it('maps screen to plane and back', () => {
    const [px, py] = toPlane(camera, size, 123, 456);
    const [sx, sy] = toScreen(camera, size, px, py);
    expect(sx).toBeCloseTo(123, 6);
    expect(sy).toBeCloseTo(456, 6);
  });

  it('puts a point where the GPU matrix puts it (3D, rotated)', () => {
    const point = [0.3, -0.6, 0.9];
    const [px, py] = planeCoords(point, 3, camera) as unknown as [number, number];
    const [sx, sy] = toScreen(camera, size, px, py);
    const [cx, cy] = applyMatrix(clipMatrix(camera, size, 3), point[0]!, point[1]!, point[2]!);
    expect((cx + 1) * (size.width / 2)).toBeCloseTo(sx, 3);
    expect((1 - cy) * (size.height / 2)).toBeCloseTo(sy, 3);
  });

  it('keeps the point under the cursor while zooming, and pans with the pointer', () => {
    const before = toPlane(camera, size, 600, 100);
    const zoomed = zoomAt(camera, size, 600, 100, 3);
    expect(zoomed.scale).toBeCloseTo(900);
    const after = toPlane(zoomed, size, 600, 100);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
    const panned = panBy(camera, 30, -20);
    const moved = toScreen(panned, size, ...toPlane(camera, size, 10, 10));
    expect(moved[0]).toBeCloseTo(40, 9);
    expect(moved[1]).toBeCloseTo(-10, 9);
  });

  it('fits the points inside the margin and clamps the tilt', () => {
    // Only the rotation is taken from the camera passed in.
    const fitted = fitCamera([-1, -0.5, 1, 0.5], size, camera);
    expect(fitted.yaw).toBe(camera.yaw);
    const [left] = toScreen(fitted, size, -1, 0);
    const [right] = toScreen(fitted, size, 1, 0);
    expect(left).toBeCloseTo(size.width * 0.08, 6);
    expect(right).toBeCloseTo(size.width * 0.92, 6);
    expect(orbit(camera, 0, 10).pitch).toBeLessThan(Math.PI / 2);
  });
});
