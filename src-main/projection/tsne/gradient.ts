/**
 * The t-SNE gradient split as in van der Maaten 2014 (eq. 5): dC/dy_i = 4 (F_attr - F_rep), the attractive
 * part exact over the sparse P, the repulsive part approximated with the Barnes-Hut tree (repulsion.ts).
 */
import type { SparseAffinities } from './affinities';
import { repulsiveForces } from './repulsion';
import type { SpaceTree } from './space-tree';

/**
 * Adds each point's attractive force, exaggeration * sum over j of p_ij q_ij (y_i - y_j) with the
 * unnormalised Student-t kernel q_ij = 1 / (1 + |y_i - y_j|^2), into `force` (flat `n * dims`). One loop
 * per dimension count: an inner loop over the coordinates costs about twice the time here.
 */
export function attractiveForces(
  p: SparseAffinities,
  y: Float64Array,
  n: number,
  dims: number,
  exaggeration: number,
  force: Float64Array,
): void {
  if (dims === 2) attractive2(p, y, n, exaggeration, force);
  else attractive3(p, y, n, exaggeration, force);
}

function attractive2(
  p: SparseAffinities,
  y: Float64Array,
  n: number,
  exaggeration: number,
  force: Float64Array,
) {
  const { rowStart, columns, values } = p;
  for (let i = 0; i < n; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    const end = rowStart[i + 1]!;
    for (let e = rowStart[i]!; e < end; e++) {
      const j = columns[e]!;
      const dx = xi - y[2 * j]!;
      const dy = yi - y[2 * j + 1]!;
      const weight = values[e]! / (1 + dx * dx + dy * dy);
      fx += weight * dx;
      fy += weight * dy;
    }
    force[2 * i] = force[2 * i]! + exaggeration * fx;
    force[2 * i + 1] = force[2 * i + 1]! + exaggeration * fy;
  }
}

function attractive3(
  p: SparseAffinities,
  y: Float64Array,
  n: number,
  exaggeration: number,
  force: Float64Array,
) {
  const { rowStart, columns, values } = p;
  for (let i = 0; i < n; i++) {
    const xi = y[3 * i]!;
    const yi = y[3 * i + 1]!;
    const zi = y[3 * i + 2]!;
    let fx = 0;
    let fy = 0;
    let fz = 0;
    const end = rowStart[i + 1]!;
    for (let e = rowStart[i]!; e < end; e++) {
      const j = columns[e]!;
      const dx = xi - y[3 * j]!;
      const dy = yi - y[3 * j + 1]!;
      const dz = zi - y[3 * j + 2]!;
      const weight = values[e]! / (1 + dx * dx + dy * dy + dz * dz);
      fx += weight * dx;
      fy += weight * dy;
      fz += weight * dz;
    }
    force[3 * i] = force[3 * i]! + exaggeration * fx;
    force[3 * i + 1] = force[3 * i + 1]! + exaggeration * fy;
    force[3 * i + 2] = force[3 * i + 2]! + exaggeration * fz;
  }
}

/** Reusable buffers of one t-SNE run's gradient. */
export interface GradientBuffers {
  attractive: Float64Array;
  repulsive: Float64Array;
}

/**
 * The full gradient of KL(P || Q) at `y` into `gradient`: 4 (exaggeration * F_attr - F_rep / Z).
 */
export function klGradient(
  p: SparseAffinities,
  y: Float64Array,
  n: number,
  dims: number,
  options: { exaggeration: number; theta: number; tree: SpaceTree; buffers: GradientBuffers },
  gradient: Float64Array,
): void {
  const { attractive, repulsive } = options.buffers;
  const z = repulsiveForces(options.tree, y, n, options.theta, repulsive);
  attractive.fill(0);
  attractiveForces(p, y, n, dims, options.exaggeration, attractive);
  const inverseZ = z > 0 ? 1 / z : 0;
  for (let e = 0; e < n * dims; e++) gradient[e] = 4 * (attractive[e]! - repulsive[e]! * inverseZ);
}
