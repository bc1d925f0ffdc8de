/**
 * Barnes-Hut t-SNE (van der Maaten 2014, "Accelerating t-SNE using Tree-Based Algorithms"): O(n log n)
 * per iteration where the npm packages are exact O(n^2). Synchronous: it runs inside a projection worker.
 */
import { conditionalAffinities, symmetrise } from './affinities';
import { graphNeighbours, useGraphNeighbours } from './graph-neighbours';
import { initialMap } from './initialise';
import { nearestNeighbours } from './nearest-neighbours';
import { optimise } from './optimise';

/** One t-SNE run's parameters. */
export interface TsneOptions {
  dims: 2 | 3;
  /** The effective number of neighbours (typically 5-50); clamped to [1, (n - 1) / 3]. */
  perplexity: number;
  /** Same input and seed, same map. */
  seed: number;
  /** Gradient-descent iterations (default 1000, of which the first 250 are exaggerated). */
  iterations?: number;
  signal?: AbortSignal;
  /** Called every 10 iterations, and at the end, with (iterations done, iterations in all). */
  onProgress?: (done: number, total: number) => void;
  /** Progress of the neighbour search, when it uses the approximate graph (10k points and more). */
  onNeighbours?: (done: number, total: number) => void;
  /** Barnes-Hut accuracy: 0 is exact, larger is faster and coarser (default 0.5). */
  theta?: number;
}

const defaultIterations = 1000;
const defaultTheta = 0.5;
const progressEvery = 10;

/**
 * Embeds `n` rows of `d` numbers (`data`, row-major; PCA-reduced, its first columns the leading
 * components, which seed the map) in `dims` dimensions. Returns `n * dims` coordinates, row-major.
 * Throws an Error named AbortError when `signal` is aborted (checked every few rows and iterations).
 */
export function runTsne(data: Float32Array, n: number, d: number, options: TsneOptions): Float32Array {
  validate(data, n, d, options);
  const { dims, signal, onProgress } = options;
  const iterations = options.iterations ?? defaultIterations;
  const checkAbort = () => {
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
  };
  checkAbort();
  if (n < 2) {
    onProgress?.(iterations, iterations);
    return new Float32Array(n * dims);
  }
  const { perplexity, k } = neighbourhood(options.perplexity, n);
  const neighbours = useGraphNeighbours(n)
    ? graphNeighbours(data, n, d, k, {
        ...(signal ? { signal } : {}),
        ...(options.onNeighbours ? { onProgress: options.onNeighbours } : {}),
      })
    : nearestNeighbours(data, n, d, k, checkAbort);
  const p = symmetrise(neighbours, conditionalAffinities(neighbours, n, perplexity), n);
  const y = initialMap(data, n, d, dims, options.seed);
  optimise(p, y, n, {
    dims,
    iterations,
    theta: options.theta ?? defaultTheta,
    afterIteration: (done) => {
      if (done % progressEvery === 0 || done === iterations) {
        checkAbort();
        onProgress?.(done, iterations);
      }
    },
  });
  return Float32Array.from(y);
}

/**
 * The perplexity actually used and the neighbours it needs (k = 3 perplexity, as in the paper). With few
 * points, the perplexity is lowered to (n - 1) / 3 so the n - 1 other points are its 3 perplexity
 * neighbours, and never below 1 (log 1 = 0 is the least entropy a distribution has).
 */
export function neighbourhood(perplexity: number, n: number): { perplexity: number; k: number } {
  const clamped = Math.min(Math.max(perplexity, 1), Math.max(1, (n - 1) / 3));
  return { perplexity: clamped, k: Math.min(n - 1, Math.max(1, Math.floor(3 * clamped))) };
}

function validate(data: Float32Array, n: number, d: number, options: TsneOptions): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(d) || d < 1 || data.length < n * d) {
    throw new RangeError(`runTsne: data holds ${data.length} numbers, not ${n} rows of ${d}`);
  }
  if (options.dims !== 2 && options.dims !== 3) throw new RangeError('runTsne: dims must be 2 or 3');
  if (!(options.perplexity > 0)) throw new RangeError('runTsne: perplexity must be positive');
  const { iterations, theta } = options;
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations >= 0)) {
    throw new RangeError('runTsne: iterations must be a non-negative integer');
  }
  if (theta !== undefined && !(theta >= 0)) throw new RangeError('runTsne: theta must be at least 0');
}
