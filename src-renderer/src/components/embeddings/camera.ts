/**
 * The map's camera: a rotation (3D maps only) that turns data coordinates into "plane" coordinates, then
 * pan and zoom that put the plane on the screen. Picking, the lasso and the GPU all use these same
 * functions, so what is drawn is what is picked. Screen coordinates are CSS pixels, y down.
 */

export interface Camera {
  /** The plane point at the centre of the canvas. */
  centerX: number;
  centerY: number;
  /** CSS pixels per plane unit. */
  scale: number;
  /** 3D only: turn about the vertical axis, then tilt about the horizontal one (radians). */
  yaw: number;
  pitch: number;
}

export interface Size {
  width: number;
  height: number;
}

export const minScale = 1;
export const maxScale = 200_000;

/** The rotation as a row-major 3x3 matrix (yaw about y, then pitch about x). */
export function rotation(camera: Pick<Camera, 'yaw' | 'pitch'>): number[] {
  const cy = Math.cos(camera.yaw);
  const sy = Math.sin(camera.yaw);
  const cp = Math.cos(camera.pitch);
  const sp = Math.sin(camera.pitch);
  return [cy, 0, sy, sp * sy, cp, -sp * cy, -cp * sy, sp, cp * cy];
}

/** Every point's plane coordinates (x, y pairs): the data itself for 2D maps, rotated for 3D ones. */
export function planeCoords(
  coords: ArrayLike<number>,
  dims: 2 | 3,
  camera: Camera,
): Float32Array<ArrayBuffer> {
  const n = Math.floor(coords.length / dims);
  const out = new Float32Array(n * 2);
  if (dims === 2) {
    for (let i = 0; i < n * 2; i++) out[i] = coords[i] as number;
    return out;
  }
  const r = rotation(camera);
  for (let i = 0; i < n; i++) {
    const x = coords[i * 3] as number;
    const y = coords[i * 3 + 1] as number;
    const z = coords[i * 3 + 2] as number;
    out[i * 2] = (r[0] as number) * x + (r[1] as number) * y + (r[2] as number) * z;
    out[i * 2 + 1] = (r[3] as number) * x + (r[4] as number) * y + (r[5] as number) * z;
  }
  return out;
}

/** A plane point on the screen. */
export function toScreen(camera: Camera, size: Size, px: number, py: number): [number, number] {
  return [
    (px - camera.centerX) * camera.scale + size.width / 2,
    size.height / 2 - (py - camera.centerY) * camera.scale,
  ];
}

/** A screen point on the plane. */
export function toPlane(camera: Camera, size: Size, sx: number, sy: number): [number, number] {
  return [
    (sx - size.width / 2) / camera.scale + camera.centerX,
    (size.height / 2 - sy) / camera.scale + camera.centerY,
  ];
}

/**
 * Data (x, y, z; z = 0 for 2D) to clip space as a column-major 4x4 matrix for the vertex shader:
 * rotation, then pan and zoom. Depth is kept in [-1, 1] for data in the unit cube.
 */
export function clipMatrix(camera: Camera, size: Size, dims: 2 | 3): Float32Array {
  const r = dims === 3 ? rotation(camera) : [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const sx = (2 * camera.scale) / size.width;
  const sy = (2 * camera.scale) / size.height;
  const dz = -0.5;
  const at = (i: number): number => r[i] as number;
  // Column-major: m[col * 4 + row].
  return Float32Array.from([
    sx * at(0), sy * at(3), dz * at(6), 0,
    sx * at(1), sy * at(4), dz * at(7), 0,
    sx * at(2), sy * at(5), dz * at(8), 0,
    -sx * camera.centerX, -sy * camera.centerY, 0, 1,
  ]); // prettier-ignore
}

/** Zooms by `factor` about a screen point, which stays over the same plane point. */
export function zoomAt(camera: Camera, size: Size, sx: number, sy: number, factor: number): Camera {
  const scale = Math.max(minScale, Math.min(maxScale, camera.scale * factor));
  const [px, py] = toPlane(camera, size, sx, sy);
  const next = { ...camera, scale };
  const [qx, qy] = toPlane(next, size, sx, sy);
  return { ...next, centerX: camera.centerX + (px - qx), centerY: camera.centerY + (py - qy) };
}

/** Moves the map by a screen distance (the content follows the pointer). */
export function panBy(camera: Camera, dx: number, dy: number): Camera {
  return {
    ...camera,
    centerX: camera.centerX - dx / camera.scale,
    centerY: camera.centerY + dy / camera.scale,
  };
}

/** Turns a 3D map; the tilt stops short of the poles so "up" stays up. */
export function orbit(camera: Camera, dYaw: number, dPitch: number): Camera {
  const limit = Math.PI / 2 - 0.01;
  return {
    ...camera,
    yaw: camera.yaw + dYaw,
    pitch: Math.max(-limit, Math.min(limit, camera.pitch + dPitch)),
  };
}

/** The camera that shows plane points `xy` (pairs) whole, with a margin; the unit square when empty. */
export function fitCamera(
  xy: ArrayLike<number>,
  size: Size,
  base: Pick<Camera, 'yaw' | 'pitch'> = { yaw: 0, pitch: 0 },
  margin = 0.08,
): Camera {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const x = xy[i] as number;
    const y = xy[i + 1] as number;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!(minX <= maxX)) [minX, minY, maxX, maxY] = [-1, -1, 1, 1];
  const spanX = Math.max(maxX - minX, 1e-6);
  const spanY = Math.max(maxY - minY, 1e-6);
  const usable = 1 - 2 * margin;
  const scale = Math.min((size.width * usable) / spanX, (size.height * usable) / spanY);
  return {
    centerX: (minX + maxX) / 2,
    centerY: (minY + maxY) / 2,
    scale: Math.max(minScale, Math.min(maxScale, scale)),
    yaw: base.yaw,
    pitch: base.pitch,
  };
}
