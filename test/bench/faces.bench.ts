/**
 * `npm run bench -- faces [--limit N] [--accuracy [--pairs=K]]`: face indexing speed, memory and LFW
 * accuracy, in one process, on the same files and the same tfjs backend:
 * - ours: the product's import with face indexing (Container, import job, vision worker pool);
 * - face-api's own pipeline as its users run it (one thread, sharp decode), decode included on both sides;
 * - the bare forward passes (SSD + embedder) on as many workers as our pool: the floor for ours;
 * - with --accuracy: LFW View 1 (threshold on DevTrain, accuracy on DevTest) of both pipelines.
 * LFW: the first N images in sorted order (default 500; --limit 4992 for all of View 1).
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { bareDescription, BarePool, type WorkerMemory } from './faces-bare';
import { faceApiAccuracy, ourAccuracy, readLfwPairs, type AccuracyResult } from './faces-accuracy';
import { FaceApiBaseline, faceApiMinConfidence } from './faces-faceapi';
import { ourImport, poolStartSeconds, type OurImport } from './faces-ours';
import {
  defaultLfwLimit,
  facesOptions,
  fileSets,
  lfwImages,
  measured,
  mib,
  rate,
  warmPageCache,
  type FileSet,
} from './faces-support';
import { exists, printTable, type BenchOptions } from './bench-support';
import { resultFileVariable, type BackendFigures } from './faces-backends';
import { defaultFaceSettings } from '../../src-main/settings/face-settings';

const speedTarget = 2.5;
const overheadTarget = 1.2;

interface SetFigures {
  set: FileSet;
  ours: OurImport;
  /** The same import with workers already started (as the desktop app and the host run it). */
  oursWarm: OurImport;
  /** Warm again, with flip fusion on (not the default: it doubles the embedder's work). */
  oursWarmFlip: OurImport;
  bareSeconds: number;
  faceApiSeconds: number;
  faceApiFaces: number;
}

interface Target {
  figure: string;
  value: number;
  target: string;
  met: boolean;
}

const settingsLine = (): string => {
  const { detector, minConfidence, flipFusion } = defaultFaceSettings;
  return `${detector} >= ${minConfidence}, flip fusion ${flipFusion ? 'on' : 'off'}`;
};

const maxRss = (): number => process.resourceUsage().maxRSS * 1024;

export async function benchFaces(benchOptions: BenchOptions): Promise<void> {
  const options = facesOptions(benchOptions);
  const sets = await fileSets(options);
  const workers = os.availableParallelism();
  const peaks: Array<Record<string, string>> = [];
  const phasePeak = (phase: string, sampled: number) =>
    peaks.push({ phase, 'peak RSS (sampled)': mib(sampled), 'process maxRSS so far': mib(maxRss()) });
  for (const set of sets) await warmPageCache(set.files);

  // 1. Ours. A pool start and a 2-photo import first warm the main thread's modules (sharp, SQLite, tsx).
  const poolStart = sets.length > 0 ? await poolStartSeconds(workers) : 0;
  if (sets[0]) await ourImport(sets[0].files.slice(0, 2));
  const ours: OurImport[] = [];
  const oursWarm: OurImport[] = [];
  const oursWarmFlip: OurImport[] = [];
  for (const set of sets) {
    console.error(`faces: our import of ${set.files.length} photos (${set.name}), workers cold and warm...`);
    const run = await measured(() => ourImport(set.files));
    ours.push(run.value);
    phasePeak(`our import, ${set.name} (RSS before boot ${mib(run.value.rssBefore)})`, run.rss);
    oursWarm.push(await ourImport(set.files, true));
    oursWarmFlip.push(await ourImport(set.files, true, { flipFusion: true }));
  }

  // 2. Bare forward passes on as many workers, warmed on each set's first photos.
  const bareSeconds: number[] = [];
  let bareMemory: WorkerMemory[] = [];
  let bareBackend = '';
  if (sets.length > 0) {
    console.error(`faces: bare forward passes on ${workers} workers...`);
    const run = await measured(async () => {
      const pool = await BarePool.create(workers);
      bareBackend = pool.backend;
      try {
        for (const [i, set] of sets.entries()) {
          const { flipFusion } = defaultFaceSettings;
          await pool.run(set.files.slice(0, workers), ours[i]!.facesPerFile, flipFusion);
          bareSeconds.push(await pool.run(set.files, ours[i]!.facesPerFile, flipFusion));
        }
        bareMemory = await pool.memory();
      } finally {
        await pool.dispose();
      }
    });
    phasePeak('bare forward passes', run.rss);
  }

  // 3. face-api's own pipeline in this thread, warmed on one photo of each set.
  const faceApi = await FaceApiBaseline.load();
  const faceApiRuns: Array<{ seconds: number; faces: number }> = [];
  {
    const run = await measured(async () => {
      for (const set of sets) {
        console.error(`faces: face-api on ${set.files.length} photos (${set.name})...`);
        await faceApi.throughput(set.files.slice(0, 1));
        const start = performance.now();
        const faces = await faceApi.throughput(set.files);
        faceApiRuns.push({ seconds: (performance.now() - start) / 1000, faces });
      }
    });
    phasePeak('face-api pipeline (main thread)', run.rss);
  }

  const figures: SetFigures[] = sets.map((set, i) => ({
    set,
    ours: ours[i]!,
    oursWarm: oursWarm[i]!,
    oursWarmFlip: oursWarmFlip[i]!,
    bareSeconds: bareSeconds[i]!,
    faceApiSeconds: faceApiRuns[i]!.seconds,
    faceApiFaces: faceApiRuns[i]!.faces,
  }));
  const backends = new Set([
    ours[0]?.backend ?? faceApi.backend,
    bareBackend || faceApi.backend,
    faceApi.backend,
  ]);
  const backend = [...backends].join(' / ');
  if (backends.size > 1) console.error(`warning: the sides ran on different backends: ${backend}`);
  if (process.env[resultFileVariable]) await writeFigures(process.env[resultFileVariable], backend, figures);

  console.log(
    `\nfaces bench: tfjs backend ${backend} (all sides); ${os.availableParallelism()} cores; ours: import job, ` +
      `vision pool of ${workers} workers, default settings (${settingsLine()}); face-api: one thread, SsdMobilenetv1Options({minConfidence: ` +
      `${faceApiMinConfidence}}); decode included on both sides. LFW: the first images in sorted order (default ` +
      `${defaultLfwLimit}, --limit N; 4992 = all of View 1).`,
  );
  if (figures.length === 0) console.log('no dataset found: no throughput figures');
  else {
    printTable(
      `throughput: ours (import + index) vs face-api (detectAllFaces().withFaceLandmarks().withFaceDescriptors())`,
      figures.map((f) => {
        const photos = f.set.files.length;
        const { photos: counted, faces } = f.ours.summary;
        return {
          set: f.set.name,
          photos,
          'ours added/failed': `${counted.added}/${counted.failed}`,
          'ours photos/s': rate(photos, f.ours.seconds),
          'ours faces/s': rate(faces, f.ours.seconds),
          'ours faces': faces,
          'face-api photos/s': rate(photos, f.faceApiSeconds),
          'face-api faces/s': rate(f.faceApiFaces, f.faceApiSeconds),
          'face-api faces': f.faceApiFaces,
          [`ours/face-api (target >= ${speedTarget})`]: (f.faceApiSeconds / f.ours.seconds).toFixed(2),
          'ours photos/s, warm workers': rate(photos, f.oursWarm.seconds),
          'warm ours/face-api': (f.faceApiSeconds / f.oursWarm.seconds).toFixed(2),
          'warm, flip fusion on: photos/s': rate(photos, f.oursWarmFlip.seconds),
          'warm, flip on/face-api': (f.faceApiSeconds / f.oursWarmFlip.seconds).toFixed(2),
        };
      }),
    );
    printTable(
      `overhead: our import vs bare forward passes (${workers} workers each)`,
      figures.map((f) => ({
        set: f.set.name,
        'import s': f.ours.seconds.toFixed(1),
        'bare forward s': f.bareSeconds.toFixed(1),
        [`import/bare (target <= ${overheadTarget})`]: (f.ours.seconds / f.bareSeconds).toFixed(2),
        'pool start s (in import)': poolStart.toFixed(1),
        'warm import s': f.oursWarm.seconds.toFixed(1),
        'warm import/bare': (f.oursWarm.seconds / f.bareSeconds).toFixed(2),
      })),
    );
    console.log(bareDescription);
  }

  // 4. Accuracy.
  let accuracy: Array<{ side: string; result: AccuracyResult }> = [];
  // (No target is set for accuracy: both sides are printed.)
  if (!options.accuracy)
    console.log('\naccuracy: run with --accuracy (LFW View 1, every image of the pairs; slow)');
  else if (!(await exists(lfwImages))) console.log(`\naccuracy: no ${lfwImages}, skipped`);
  else {
    const pairs = await readLfwPairs(options.pairs);
    console.error(`faces: accuracy on ${pairs.images.length} images (${pairs.description})...`);
    const oursRun = await measured(() => ourAccuracy(pairs));
    phasePeak('accuracy, ours (vision pool)', oursRun.rss);
    const faceApiRun = await measured(() => faceApiAccuracy(faceApi, pairs));
    phasePeak('accuracy, face-api', faceApiRun.rss);
    accuracy = [
      { side: 'ours', result: oursRun.value },
      { side: 'face-api', result: faceApiRun.value },
    ];
    const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
    printTable(
      `LFW View 1 accuracy: threshold on pairsDevTrain, accuracy on pairsDevTest (${pairs.description})`,
      accuracy.map(({ side, result }) => ({
        side,
        'DevTest accuracy': percent(result.accuracy),
        threshold: result.threshold.toFixed(4),
        AUC: result.auc.toFixed(4),
        EER: percent(result.eer),
        'test pairs': result.pairs,
        'undetected test images': result.failedDetections,
        'images/s': rate(result.images, result.seconds),
      })),
    );
    for (const { side, result } of accuracy) console.log(`${side}: ${result.method}`);
  }

  // 5. Memory.
  printTable('memory (process RSS: main thread and every worker together)', peaks);
  if (bareMemory.length > 0)
    printTable(
      'bare workers (backend + SSD + ResNet weights, after the runs)',
      bareMemory.map((m, i) => ({
        worker: i,
        'JS heap': mib(m.heapUsed),
        external: mib(m.external),
        'wasm heap': mib(m.wasmHeap),
        'live tensors': mib(m.tensorBytes),
      })),
    );
  console.log(
    "our pool's workers: VisionWorkerPool does not report its workers' memory; their share is in the " +
      "RSS above (RSS before boot vs the import's peak).",
  );

  // Targets.
  const targets: Target[] = figures.flatMap((f) =>
    (
      [
        ['workers cold (CLI)', f.ours],
        ['workers warm (app)', f.oursWarm],
      ] as const
    ).flatMap(([how, run]) => [
      {
        figure: `ours/face-api photos/s, ${f.set.name}, ${how}`,
        value: f.faceApiSeconds / run.seconds,
        target: `>= ${speedTarget}`,
        met: f.faceApiSeconds / run.seconds >= speedTarget,
      },
      {
        figure: `import/bare forward time, ${f.set.name}, ${how}`,
        value: run.seconds / f.bareSeconds,
        target: `<= ${overheadTarget}`,
        met: run.seconds / f.bareSeconds <= overheadTarget,
      },
    ]),
  );
  if (targets.length > 0)
    printTable(
      'targets',
      targets.map((t) => ({
        figure: t.figure,
        value: t.value.toFixed(2),
        target: t.target,
        met: t.met ? 'yes' : 'NO',
      })),
    );
}

/** Hands this run's headline figures to the process comparing backends (faces-backends.ts). */
async function writeFigures(file: string, backend: string, figures: SetFigures[]): Promise<void> {
  const throughput = (photos: number, faces: number, seconds: number) => ({
    photosPerSecond: photos / seconds,
    facesPerSecond: faces / seconds,
  });
  const result: BackendFigures = {
    backend,
    sets: figures.map((f) => ({
      set: f.set.name,
      photos: f.set.files.length,
      oursCold: throughput(f.set.files.length, f.ours.summary.faces, f.ours.seconds),
      oursWarm: throughput(f.set.files.length, f.oursWarm.summary.faces, f.oursWarm.seconds),
      faceApi: throughput(f.set.files.length, f.faceApiFaces, f.faceApiSeconds),
    })),
  };
  await writeFile(file, JSON.stringify(result));
}
