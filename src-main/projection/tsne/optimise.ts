/**
 * t-SNE's gradient descent: early exaggeration, momentum and per-coordinate gains (delta-bar-delta), as in
 * van der Maaten 2014 and scikit-learn.
 */
import type { SparseAffinities } from './affinities';
import { klGradient } from './gradient';
import { initialScale } from './initialise';
import { SpaceTree } from './space-tree';

/** The schedule of one optimisation. */
export interface OptimiseOptions {
  dims: 2 | 3;
  iterations: number;
  theta: number;
  /** Called after every iteration; may throw to cancel (the run's abort check and progress). */
  afterIteration: (done: number) => void;
}

const earlyExaggeration = 12;
const earlyIterations = 250;
const earlyMomentum = 0.5;
const finalMomentum = 0.8;
const minGain = 0.01;

/**
 * The learning rate: n / early exaggeration / 4, at least 50 (scikit-learn's 'auto', after Belkina et al.
 * 2019). Our gradient keeps the factor 4 of eq. 5, so this is the n / 12 (at least 200) of openTSNE and
 * FIt-SNE, whose gradients drop it: large enough that the exaggerated phase converges for thousands of
 * points, where the old fixed 200 left them crowded.
 */
export function learningRate(n: number): number {
  return Math.max(n / earlyExaggeration / 4, 50);
}

/** The iterations with early exaggeration: 250 of the usual 1,000, half of a shorter run. */
export function exaggeratedIterations(iterations: number): number {
  return Math.min(earlyIterations, Math.floor(iterations / 2));
}

/** Optimises the map `y` (flat `n * dims`, changed in place) against the affinities `p`. */
export function optimise(p: SparseAffinities, y: Float64Array, n: number, options: OptimiseOptions): void {
  const { dims, iterations, theta } = options;
  const size = n * dims;
  const gradient = new Float64Array(size);
  const update = new Float64Array(size);
  const gains = new Float64Array(size).fill(1);
  const tree = new SpaceTree(dims, n);
  const buffers = { attractive: new Float64Array(size), repulsive: new Float64Array(size) };
  const rate = learningRate(n);
  const early = exaggeratedIterations(iterations);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const exaggerated = iteration < early;
    const exaggeration = exaggerated ? earlyExaggeration : 1;
    const momentum = exaggerated ? earlyMomentum : finalMomentum;
    klGradient(p, y, n, dims, { exaggeration, theta, tree, buffers }, gradient);
    for (let e = 0; e < size; e++) {
      const g = gradient[e]!;
      const u = update[e]!;
      // Grow the gain while the last step still points downhill (against the gradient), shrink it once not.
      const gain = Math.max(g > 0 !== u > 0 ? gains[e]! + 0.2 : gains[e]! * 0.8, minGain);
      gains[e] = gain;
      const step = momentum * u - rate * gain * g;
      update[e] = step;
      y[e] = y[e]! + step;
    }
    recentre(y, n, dims);
    keepScale(y, update, n * dims);
    options.afterIteration(iteration + 1);
  }
}

/**
 * Below this spread (std) every q_ij is 1 to within ~1e-6, even for a point 1,000 std out: the gradient is
 * linear in y there.
 */
const linearSpread = 1e-6;

/**
 * Scales a shrinking map back up to the initial spread (1e-4). Early exaggeration on data without
 * large-scale structure (hundreds of equidistant identities, as face embeddings are) contracts every
 * direction, by about 1e-5 each 50 iterations here, so the map would reach 1e-31 or even underflow and
 * spend a hundred iterations growing back after it. Where q_ij is 1 the gradient is linear in y, so
 * scaling y and the momentum together changes only the scale of the path, not its shape.
 */
function keepScale(y: Float64Array, update: Float64Array, size: number): void {
  let sum = 0;
  for (let e = 0; e < size; e++) sum += y[e]! * y[e]!;
  const spread = Math.sqrt(sum / size);
  if (spread === 0 || spread >= linearSpread) return;
  const factor = initialScale / spread;
  for (let e = 0; e < size; e++) {
    y[e] = y[e]! * factor;
    update[e] = update[e]! * factor;
  }
}

/** Moves the map's mean to the origin (the cost does not see translation; this keeps numbers small). */
function recentre(y: Float64Array, n: number, dims: number): void {
  for (let c = 0; c < dims; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i * dims + c]!;
    mean /= n;
    for (let i = 0; i < n; i++) y[i * dims + c] = y[i * dims + c]! - mean;
  }
}
