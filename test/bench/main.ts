/**
 * `npm run bench -- [import|faces|cluster|search|project|train|all] [--limit N] [--quick] [--refit]`: speed
 * and memory figures, each against a baseline run in the same process (train: in child processes, `--quick`
 * for its smallest config only; cluster: `--refit` repeats the fit that chose the clustering defaults). Uses ../shared/datasets where present; never part of `npm test`.
 */
import { benchFaces } from './faces.bench';
import { benchFacesOnEachBackend, resultFileVariable } from './faces-backends';
import { benchImport } from './import.bench';
import { trainResultVariable } from './train-jobs';
import type { BenchOptions } from './bench-support';

const benches: Record<string, (options: BenchOptions) => Promise<void>> = {
  import: benchImport,
  // One child process per backend; the child (given a result file) runs the bench itself.
  faces: (options) => (process.env[resultFileVariable] ? benchFaces(options) : benchFacesOnEachBackend()),
  cluster: async (options) => (await import('./cluster.bench')).benchCluster(options),
  search: async (options) => (await import('./search.bench')).benchSearch(options),
  // The embedding map: algorithm timings and trustworthiness (project.bench.ts), and its scatter's frames.
  project: async (options) => (await import('./project.bench')).benchProject(options),
  // One child process per backend, thread count and config; the child (given a result file) times it.
  train: async () =>
    process.env[trainResultVariable]
      ? (await import('./train-bench-step')).runTrainBenchChild()
      : (await import('./train.bench')).benchTrain(),
};

const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const options: BenchOptions = limitAt >= 0 ? { limit: Number(args[limitAt + 1]) } : {};
const named = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--limit');
const selected = named.length === 0 || named.includes('all') ? Object.keys(benches) : named;

for (const name of selected) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown bench "${name}"; choose from: ${Object.keys(benches).join(', ')}, all`);
    process.exit(2);
  }
  await bench(options);
}
