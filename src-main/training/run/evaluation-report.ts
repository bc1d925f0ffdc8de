import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ReportClass, ReportPrediction } from '../report-views';
import type { Network } from './network';
import { buildEvaluationReport, classScorePairs } from './report-builder';
import type { TrainerFace, TrainerRequest } from './trainer-messages';
import type { TrainingData } from './training-data';
import { testIdentityMap } from './report-map';
import { mirroredOutput, testEmbeddings } from './test-time-mirror';
import { verificationPairs } from './verification-report';

/** The report's file in the run folder (runs/<id>/report.json). */
export const reportFile = 'report.json';

/** The first face of each person in `faces`, by person id: the picture shown for "taken for ...". */
function firstFaceByPerson(faces: readonly TrainerFace[]): Map<number, number> {
  const first = new Map<number, number>();
  for (const face of faces) if (!first.has(face.personId)) first.set(face.personId, face.faceId);
  return first;
}

/** A classifier: each test face's softmax over the training classes; its top class is the prediction. */
async function classifierReport(network: Network, data: TrainingData, request: TrainerRequest) {
  const classCount = request.classes.length;
  const indexOf = new Map(request.classes.map((c) => [c.personId, c.index]));
  const personOf = new Map(request.test.map((face) => [face.faceId, face.personId]));
  const chunks: Float32Array[] = [];
  const actual: number[] = [];
  const faceIds: number[] = [];
  for await (const batch of data.batches(request.test, { epoch: 0, startBatch: 0, training: false })) {
    const probabilities = tf.tidy(() => tf.softmax(mirroredOutput(network.model, batch.x)));
    chunks.push((await probabilities.data()) as Float32Array);
    tf.dispose([probabilities, batch.x, batch.y]);
    for (const faceId of batch.faceIds) {
      faceIds.push(faceId);
      actual.push(indexOf.get(personOf.get(faceId)!) ?? -1);
    }
  }
  const scores = new Float32Array(faceIds.length * classCount);
  let offset = 0;
  for (const chunk of chunks) {
    scores.set(chunk, offset);
    offset += chunk.length;
  }
  const predictions: ReportPrediction[] = faceIds.map((faceId, k) => {
    let best = 0;
    for (let c = 1; c < classCount; c++) {
      if (scores[k * classCount + c]! > scores[k * classCount + best]!) best = c;
    }
    return { faceId, actual: actual[k]!, predicted: best, score: scores[k * classCount + best]! };
  });
  const examples = firstFaceByPerson(request.train);
  const classes: ReportClass[] = request.classes.map((c) => ({
    index: c.index,
    personId: c.personId,
    name: c.name,
    exampleFace: examples.get(c.personId) ?? null,
  }));
  const known = predictions.map((p) => p.actual >= 0);
  const report = buildEvaluationReport({
    runId: request.runId,
    method: 'softmax',
    classes,
    predictions: predictions.filter((_, k) => known[k]),
    pairs: classScorePairs(scores, actual, classCount),
    basis: 'class-scores',
  });
  return { ...report, map: await classifierMap(network, data, request, faceIds, actual, scores) };
}

/**
 * The map of a classifier's test faces: the trained network's embedding of each; a head has none of its
 * own, so its class probabilities.
 */
async function classifierMap(
  network: Network,
  data: TrainingData,
  request: TrainerRequest,
  faceIds: readonly number[],
  actual: readonly number[],
  scores: Float32Array,
) {
  const classCount = request.classes.length;
  const head = request.config.mode === 'head';
  const features = head
    ? faceIds.map((faceId, k) => ({ faceId, vector: scores.slice(k * classCount, (k + 1) * classCount) }))
    : await testEmbeddings(network.embedder(), data, request);
  const classOf = new Map(faceIds.map((faceId, k) => [faceId, actual[k]!]));
  const mapFaces = features
    .map((face) => ({ ...face, class: classOf.get(face.faceId) ?? -1 }))
    .filter((face) => face.class >= 0);
  return testIdentityMap(mapFaces, head ? 'probabilities' : 'embedding', request.config.seed);
}

/**
 * A verification model: held-out people it never trained on. Each held-out face is named after its
 * nearest other held-out face (cosine), which gives a confusion matrix among the held-out people; the ROC
 * is that of the same pairs the run's final metrics (AUC, EER) were measured on.
 */
async function verificationReportOf(network: Network, data: TrainingData, request: TrainerRequest) {
  const faces = await testEmbeddings(network.embedder(), data, request);
  const people = new Map(request.test.map((face) => [face.faceId, face]));
  const identities = [...new Map(request.test.map((f) => [f.personId, f.personName])).entries()].sort(
    (a, b) => a[1].localeCompare(b[1]) || a[0] - b[0],
  );
  const indexOf = new Map(identities.map(([personId], index) => [personId, index]));
  const examples = firstFaceByPerson(request.test);
  const classes: ReportClass[] = identities.map(([personId, name], index) => ({
    index,
    personId,
    name,
    exampleFace: examples.get(personId) ?? null,
  }));
  const predictions: ReportPrediction[] = [];
  faces.forEach((face, i) => {
    let best = -1;
    let bestSimilarity = -Infinity;
    faces.forEach((other, j) => {
      if (i === j) return;
      let dot = 0;
      for (let d = 0; d < face.vector.length; d++) dot += face.vector[d]! * other.vector[d]!;
      if (dot > bestSimilarity) [best, bestSimilarity] = [j, dot];
    });
    if (best < 0) return;
    const match = faces[best]!;
    predictions.push({
      faceId: face.faceId,
      actual: indexOf.get(people.get(face.faceId)!.personId)!,
      predicted: indexOf.get(people.get(match.faceId)!.personId)!,
      // Cosine similarity mapped to 0..1.
      score: (1 + bestSimilarity) / 2,
      matchFace: match.faceId,
    });
  });
  const labeled = faces.map((face) => ({ identity: people.get(face.faceId)!.personId, vector: face.vector }));
  const report = buildEvaluationReport({
    runId: request.runId,
    method: 'nearest-neighbour',
    classes,
    predictions,
    pairs: verificationPairs(labeled, request.config.seed),
    basis: 'pairs',
  });
  const mapFaces = faces.map((face) => ({ ...face, class: indexOf.get(people.get(face.faceId)!.personId)! }));
  return { ...report, map: testIdentityMap(mapFaces, 'embedding', request.config.seed) };
}

/**
 * Writes the run's evaluation report (report-views.ts) to its folder at the end of a completed run. It
 * never fails the run: a report that cannot be made is written as `{ runId, error }`, which the report
 * page shows. Nothing is written without a test split.
 */
export async function writeEvaluationReport(
  network: Network,
  data: TrainingData,
  request: TrainerRequest,
): Promise<void> {
  if (request.test.length === 0) return;
  let report: unknown;
  try {
    report =
      request.config.split.by === 'identity'
        ? await verificationReportOf(network, data, request)
        : await classifierReport(network, data, request);
  } catch (error) {
    report = { runId: request.runId, error: error instanceof Error ? error.message : String(error) };
  }
  await fs.writeFile(path.join(request.runDir, reportFile), JSON.stringify(report));
}
