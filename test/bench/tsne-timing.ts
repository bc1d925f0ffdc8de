/**
 * `node --import tsx test/bench/tsne-timing.ts [--n 5000] [--dims 2] [--iterations 1000] [--theta 0.5]
 * [--noise 0.08]`: times our Barnes-Hut t-SNE (wall and CPU) on generated face-like data (identities of 10
 * points around random unit centres in 50 dimensions) and scores the map: trustworthiness at k = 10 and how
 * many of each point's 9 identity-mates are among its 9 nearest map neighbours. Never part of `npm test`.
 */
import { loadavg } from 'node:os';
import { conditionalAffinities, symmetrise } from '../../src-main/projection/tsne/affinities';
import { neighbourhood, runTsne } from '../../src-main/projection/tsne/index';
import { nearestNeighbours } from '../../src-main/projection/tsne/nearest-neighbours';
import { seededRandom } from '../../src-main/util/seeded-random';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** `n` points in `d` dims: identities of `perIdentity` points, unit-norm centres, Gaussian noise. */
function faceLikeData(n: number, d: number, perIdentity: number, noise: number, seed: number) {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const data = new Float32Array(n * d);
  const labels = new Int32Array(n);
  const centre = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    if (i % perIdentity === 0) {
      for (let c = 0; c < d; c++) centre[c] = gaussian();
      const norm = Math.hypot(...centre);
      for (let c = 0; c < d; c++) centre[c] = centre[c]! / norm;
    }
    labels[i] = Math.floor(i / perIdentity);
    for (let c = 0; c < d; c++) data[i * d + c] = centre[c]! + noise * gaussian();
  }
  return { data, labels };
}

function distances2(data: ArrayLike<number>, d: number, i: number, n: number, out: Float64Array) {
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let c = 0; c < d; c++) sum += (data[i * d + c]! - data[j * d + c]!) ** 2;
    out[j] = j === i ? Infinity : sum;
  }
}

function nearest(row: Float64Array, k: number): number[] {
  return Array.from(row.keys())
    .sort((a, b) => row[a]! - row[b]!)
    .slice(0, k);
}

/**
 * Trustworthiness (Venna & Kaski) at `k`, and the share of each point's `mates` identity-mates found among
 * its `mates` nearest map neighbours (1 when every identity is a tight island).
 */
function score(
  data: Float32Array,
  d: number,
  map: Float32Array,
  dims: number,
  n: number,
  labels: Int32Array,
  mates: number,
  k = 10,
) {
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  let penalty = 0;
  let sameLabel = 0;
  for (let i = 0; i < n; i++) {
    distances2(data, d, i, n, high);
    distances2(map, dims, i, n, low);
    const highNeighbours = new Set(nearest(high, k));
    nearest(low, Math.max(k, mates)).forEach((j, rank) => {
      if (rank < mates && labels[j] === labels[i]) sameLabel++;
      if (rank >= k || highNeighbours.has(j)) return;
      let highRank = 0; // 1-based rank of j among i's input-space neighbours
      for (let m = 0; m < n; m++) if (high[m]! <= high[j]!) highRank++;
      penalty += highRank - k;
    });
  }
  const trustworthiness = 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
  return { trustworthiness, sameLabel: sameLabel / (n * mates) };
}

const n = argument('n', 5000);
const dims = argument('dims', 2) === 3 ? 3 : 2;
const iterations = argument('iterations', 1000);
const theta = argument('theta', 0.5);
const d = 50;
const noise = argument('noise', 0.08);
const perIdentity = 10;
const { data, labels } = faceLikeData(n, d, perIdentity, noise, 7);
const before = loadavg()[0]!;
const affinityStart = performance.now();
const { perplexity, k } = neighbourhood(30, n);
const neighbours = nearestNeighbours(data, n, d, k);
const knnSeconds = (performance.now() - affinityStart) / 1000;
symmetrise(neighbours, conditionalAffinities(neighbours, n, perplexity), n);
const affinitySeconds = (performance.now() - affinityStart) / 1000;
console.log(`  kNN (k=${k}) ${knnSeconds.toFixed(2)} s, with affinities ${affinitySeconds.toFixed(2)} s`);
const start = performance.now();
const cpuStart = process.cpuUsage();
let lastProgress = start;
const map = runTsne(data, n, d, {
  dims,
  perplexity: 30,
  seed: 1,
  iterations,
  theta,
  onProgress: (done) => {
    if (done % 250 === 0) {
      const now = performance.now();
      console.log(`  ${done} iterations, ${((now - lastProgress) / 1000).toFixed(1)} s since last`);
      lastProgress = now;
    }
  },
});
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `t-SNE n=${n} d=${d} noise=${noise} dims=${dims} iterations=${iterations} theta=${theta}: ` +
    `${seconds.toFixed(1)} s wall, ` +
    `${cpuSeconds.toFixed(1)} s CPU ` +
    `(load average ${before.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after)`,
);
const quality = score(data, d, map, dims, n, labels, perIdentity - 1);
console.log(
  `trustworthiness@10 ${quality.trustworthiness.toFixed(4)}, ` +
    `identity-mates among the ${perIdentity - 1} nearest map neighbours ` +
    `${(100 * quality.sameLabel).toFixed(1)}%`,
);
