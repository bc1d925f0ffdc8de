/**
 * `npm run bench -- cluster`: face clustering quality (BCubed) and speed on real embeddings.
 * - LFW View 1, ORL and Yale are imported once with the real CLI into catalogs under the temp folder
 *   (FACEATLAS_BENCH_CATALOGS to move them) and read back read-only; truth is the folder (LFW, ORL) or the
 *   file name prefix (Yale), never shown to the algorithms.
 * - All faces of a photo are clustered (photo-mates are cannot-links); only its most confident face is
 *   scored, because the truth names one person per photo.
 * - Every algorithm's parameters are fitted on the faces of LFW DevTrain's people (pairsDevTrain.txt) and
 *   reported on DevTest's people (pairsDevTest.txt, disjoint), ORL and Yale with those same parameters.
 * - The product's defaults come from a size-robust fit on DevTrain (cluster-robust-fit.ts): each run prints
 *   its objective for the defaults and for the best fit on all of DevTrain alone; `--refit` repeats the
 *   whole fit (about 5 minutes here) and says whether the defaults are still its pick.
 * - Speed: a full re-cluster of all LFW faces, and an incremental add of 100 faces to the rest.
 * `--limit N` keeps the first N faces of each set (quick runs; the figures then mean little).
 */
import {
  averageLinkage,
  clusterFaces,
  defaultClusterParams,
  knnGraph,
  type ClusterParams,
} from '../../src-main/people/clustering';
import { seededRandom } from '../../src-main/util/seeded-random';
import { printTable, type BenchOptions } from './bench-support';
import { loadSets, type BenchSets, type LabeledFaces } from './cluster-data';
import { fitAll, paramsText, score, type Fitted, type Scores } from './cluster-fit';
import { robustFit, robustScores, sizeClasses, type RobustScores } from './cluster-robust-fit';
import { incrementalQuality, median, timeIt } from './cluster-timing';

/** From the issue: the speed budgets (the quality target is to beat both baselines on every set). */
const targets = { fullSeconds: 5, incrementalMs: 200 };

type Results = Record<string, Record<string, Scores>>;

export async function benchCluster(options: BenchOptions): Promise<void> {
  const sets = await loadSets(options.limit);
  if (!sets) {
    console.log('cluster bench: ../shared/datasets/lfw-view1 is missing; nothing to measure');
    return;
  }
  const { lfw, devTrain, devTest, extra } = sets;
  printTable(
    'cluster bench: faces (all clustered; the most confident face of each photo scored)',
    [lfw, devTrain, devTest, ...extra].map(describe),
  );
  const started = performance.now();
  const fitted = fitAll(devTrain);
  console.error(
    `cluster bench: fitted on DevTrain in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  const robustness = robustnessTable(devTrain, fitted);
  const results = qualityTable(fitted, [devTrain, devTest, ...extra]);
  const minSizes = minSizeTable(devTrain);
  const speed = speedTable(sets, fitted.averageThreshold);
  const beats = [devTest, ...extra].map((faces) => beatsBaselines(results, faces.name));
  printTable('targets: the product beats both baselines (F and F (>=2))', beats);
  console.log(
    JSON.stringify({
      bench: 'cluster',
      defaults: defaultClusterParams,
      fitted: Object.fromEntries(
        Object.entries(fitted.runners).map(([name, r]) => [
          name,
          { params: r.fit, devTrainF: round(r.devTrainF) },
        ]),
      ),
      bcubed: mapScores(results),
      robustness,
      minSizes,
      speed,
      targets: { ...targets, beats },
    }),
  );
}

/**
 * The size-robust objective (cluster-robust-fit.ts) of the defaults and of the Chinese Whispers family
 * with the best F on all of DevTrain alone; with `--refit`, the whole fit and whether the defaults are its
 * pick.
 */
function robustnessTable(
  devTrain: LabeledFaces,
  { chosen: [name, fit] }: Fitted,
): Array<Record<string, string | number>> {
  const classes = sizeClasses(devTrain);
  const row = (label: string, params: Partial<ClusterParams>, scores: RobustScores) => ({
    candidate: label,
    params: paramsText({ ...defaultClusterParams, ...params }),
    objective: round(scores.objective),
    ...Object.fromEntries(
      (['all', 'halves', 'quarters', 'eighths'] as const).map((size) => [
        `F ${size} (>=2)`,
        `${round(scores.f[size])} (${round(scores.f2[size])})`,
      ]),
    ),
  });
  const rows = [
    row('product (defaults)', defaultClusterParams, robustScores(classes, defaultClusterParams)),
    row(`${name} (all of DevTrain)`, fit.params, robustScores(classes, fit.params)),
  ];
  if (process.argv.includes('--refit')) {
    const ranked = robustFit(classes);
    ranked.slice(0, 5).forEach((candidate, i) => rows.push(row(`refit #${i + 1}`, candidate, candidate)));
    const pick = ranked[0]!;
    const same = (['referenceDensity', 'threshold', 'mergeThreshold'] as const).every(
      (key) => pick[key] === defaultClusterParams[key],
    );
    if (!same)
      console.log(
        `\nNOTE: the defaults differ from the refit's pick (${paramsText({ ...defaultClusterParams, ...pick })})`,
      );
  }
  printTable(
    'size robustness on DevTrain (objective: mean F over all of it, its halves, quarters and eighths)',
    rows,
  );
  return rows;
}

/** BCubed of every algorithm on every set, printed; returns the scores by set and algorithm. */
function qualityTable(fitted: Fitted, sets: LabeledFaces[]): Results {
  const results: Results = {};
  const rows: Array<Record<string, string | number>> = [];
  for (const faces of sets) {
    results[faces.name] = {};
    for (const [algorithm, runner] of Object.entries(fitted.runners)) {
      const scores = score(faces, runner.run(faces));
      results[faces.name]![algorithm] = scores;
      rows.push({
        set: faces.name,
        algorithm,
        'fitted on DevTrain': runner.fit,
        P: round(scores.all.precision),
        R: round(scores.all.recall),
        F: round(scores.all.f),
        'P (>=2)': round(scores.multi.precision),
        'R (>=2)': round(scores.multi.recall),
        'F (>=2)': round(scores.multi.f),
      });
    }
  }
  printTable('BCubed (P, R, F over all scored faces; (>=2): people with at least two)', rows);
  return results;
}

function minSizeTable(devTrain: LabeledFaces): Array<Record<string, number>> {
  const rows = [1, 2, 3].map((minSize) => {
    const s = score(devTrain, clusterFaces(devTrain, { ...defaultClusterParams, minSize }).labels);
    return { minSize, 'DevTrain F': round(s.all.f), 'DevTrain F (>=2)': round(s.multi.f) };
  });
  printTable('minimum cluster size (product defaults otherwise; -1 faces count as clusters of one)', rows);
  return rows;
}

/** Speed on all LFW faces with the defaults, the exact kNN part and average linkage for comparison. */
function speedTable({ lfw, devTest }: BenchSets, averageThreshold: number) {
  const all = { vectors: lfw.vectors, dim: lfw.dim, photoIds: lfw.photoIds };
  const neighbours = Math.max(defaultClusterParams.k, defaultClusterParams.localScaling);
  const fullMs = median(3, () => timeIt(() => clusterFaces(all)));
  const knnMs = median(3, () => timeIt(() => knnGraph(lfw.vectors, lfw.dim, neighbours)));
  const averageMs = timeIt(() => averageLinkage(all, averageThreshold));
  const incremental = incrementalQuality(lfw, devTest, 100, seededRandom(7));
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const met = (ok: boolean): string => (ok ? 'yes' : 'NO');
  printTable('speed (one core, product defaults)', [
    {
      figure: `full re-cluster, ${lfw.truth.length} LFW faces (median of 3)`,
      value: seconds(fullMs),
      target: `< ${targets.fullSeconds} s`,
      met: met(fullMs < targets.fullSeconds * 1000),
    },
    {
      figure: `  of which the exact kNN graph (k = ${neighbours})`,
      value: seconds(knnMs),
      target: '',
      met: '',
    },
    { figure: '  average linkage, same faces (baseline)', value: seconds(averageMs), target: '', met: '' },
    {
      figure: `incremental add of 100 faces to ${lfw.truth.length - 100} (median of 5)`,
      value: `${incremental.addMs.toFixed(0)} ms`,
      target: `< ${targets.incrementalMs} ms`,
      met: met(incremental.addMs < targets.incrementalMs),
    },
    {
      figure: 'DevTest F: 100 of its faces added incrementally / full re-cluster',
      value: `${round(incremental.incrementalF)} / ${round(incremental.fullF)}`,
      target: '',
      met: '',
    },
  ]);
  return {
    faces: lfw.truth.length,
    fullMs: Math.round(fullMs),
    knnMs: Math.round(knnMs),
    averageLinkageMs: Math.round(averageMs),
    incrementalMs: Math.round(incremental.addMs),
    incrementalF: round(incremental.incrementalF),
    fullF: round(incremental.fullF),
  };
}

function beatsBaselines(results: Results, set: string): Record<string, string> {
  const r = results[set]!;
  const ours = r['product (defaults)']!;
  const beats = (baseline: string): string =>
    ours.all.f > r[baseline]!.all.f && ours.multi.f > r[baseline]!.multi.f ? 'yes' : 'NO';
  return {
    set,
    'beats average linkage': beats('average linkage'),
    'beats single linkage': beats('single linkage'),
  };
}

function describe(faces: LabeledFaces): Record<string, string | number> {
  const perPerson = new Map<number, number>();
  faces.primary.forEach((isPrimary, i) => {
    if (isPrimary) perPerson.set(faces.truth[i]!, (perPerson.get(faces.truth[i]!) ?? 0) + 1);
  });
  return {
    set: faces.name,
    faces: faces.truth.length,
    'scored (photos)': faces.primary.reduce((a, b) => a + b, 0),
    people: perPerson.size,
    'people with >=2': [...perPerson.values()].filter((c) => c >= 2).length,
    'photos without a face': faces.photosWithoutFaces,
  };
}

function mapScores(results: Results) {
  return Object.fromEntries(
    Object.entries(results).map(([set, byAlgorithm]) => [
      set,
      Object.fromEntries(
        Object.entries(byAlgorithm).map(([algorithm, s]) => [
          algorithm,
          { P: round(s.all.precision), R: round(s.all.recall), F: round(s.all.f), F2: round(s.multi.f) },
        ]),
      ),
    ]),
  );
}

const round = (x: number): number => Math.round(x * 10000) / 10000;
