import type { ScoredPair } from '../../evaluation/scored-pair';
import { rocCurve } from '../../evaluation/roc-curve';
import { equalErrorRate, rocAuc, tarAtFar } from '../../evaluation/verification-metrics';
import type {
  EvaluationReport,
  PersonAccuracy,
  ReportClass,
  ReportPrediction,
  ReportRoc,
} from '../report-views';
import { confusionOrder } from './confusion-order';

/** Mistakes listed in a report, most confident first: enough to browse, bounded for a huge test set. */
export const misclassifiedShown = 500;
/** ROC points kept for drawing; the figures (AUC, EER, TAR@FAR) use every point. */
const rocPointsShown = 300;
/** (face, class) scores a classifier's ROC uses at most: impostor scores are subsampled beyond it. */
const maxClassScorePairs = 1_000_000;
const farLevels = [1e-1, 1e-2, 1e-3];

export interface ReportInput {
  runId: number;
  method: EvaluationReport['method'];
  classes: ReportClass[];
  predictions: ReportPrediction[];
  /** Scored pairs for the ROC (distance: lower means "same"), or null when there are not both kinds. */
  pairs: ScoredPair[] | null;
  basis: ReportRoc['basis'];
  created?: string;
}

/**
 * A classifier's closed-set ROC pairs: each test face's probability for each class, genuine for its own
 * class (distance = 1 - probability). Beyond `maxPairs`, impostor scores are taken at an even stride.
 */
export function classScorePairs(
  probabilities: Float32Array,
  actual: readonly number[],
  classes: number,
  maxPairs = maxClassScorePairs,
): ScoredPair[] {
  const pairs: ScoredPair[] = [];
  const impostors = actual.length * (classes - 1);
  const stride = Math.max(1, Math.ceil(impostors / Math.max(1, maxPairs - actual.length)));
  let k = 0;
  actual.forEach((own, face) => {
    for (let c = 0; c < classes; c++) {
      const distance = 1 - probabilities[face * classes + c]!;
      if (c === own) pairs.push({ distance, same: true });
      else if (k++ % stride === 0) pairs.push({ distance, same: false });
    }
  });
  return pairs;
}

function rocOf(pairs: ScoredPair[] | null, basis: ReportRoc['basis']): ReportRoc | null {
  if (!pairs) return null;
  const curve = rocCurve(pairs);
  if (curve.sameCount === 0 || curve.differentCount === 0) return null;
  const all = curve.points.map((p) => ({
    far: p.falseAccepts / curve.differentCount,
    tar: p.trueAccepts / curve.sameCount,
  }));
  const stride = Math.max(1, Math.ceil(all.length / rocPointsShown));
  const points = all.filter((_, k) => k % stride === 0 || k === all.length - 1);
  return {
    basis,
    points,
    auc: rocAuc(pairs),
    eer: equalErrorRate(pairs),
    tarAtFar: farLevels.map((far) => ({ far, tar: tarAtFar(pairs, far) })),
    genuine: curve.sameCount,
    impostor: curve.differentCount,
  };
}

/**
 * Everything the report page shows, from the test predictions: accuracy, the sparse confusion matrix and
 * an order of the people that clusters its confusions, accuracy per person (worst first), the mistakes
 * (most confident first) and the ROC with EER and TAR@FAR.
 */
export function buildEvaluationReport(input: ReportInput): EvaluationReport {
  const { classes, predictions } = input;
  const cells = new Map<number, number>();
  const perClass = classes.map((c) => ({ class: c.index, correct: 0, total: 0 }));
  let correct = 0;
  for (const p of predictions) {
    const key = p.actual * classes.length + p.predicted;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    const row = perClass[p.actual]!;
    row.total++;
    if (p.actual === p.predicted) {
      row.correct++;
      correct++;
    }
  }
  const confusion = [...cells.entries()]
    .map(([key, count]): [number, number, number] => [
      Math.floor(key / classes.length),
      key % classes.length,
      count,
    ])
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const perPerson: PersonAccuracy[] = perClass
    .filter((row) => row.total > 0)
    .map((row) => ({ ...row, accuracy: row.correct / row.total }))
    .sort((x, y) => x.accuracy - y.accuracy || y.total - x.total || x.class - y.class);
  const mistakes = predictions
    .filter((p) => p.actual !== p.predicted)
    .sort((x, y) => y.score - x.score || x.faceId - y.faceId);
  return {
    runId: input.runId,
    method: input.method,
    created: input.created ?? new Date().toISOString(),
    accuracy: predictions.length > 0 ? correct / predictions.length : Number.NaN,
    faces: predictions.length,
    classes,
    order: confusionOrder(classes.length, confusion, (index) => classes[index]?.name ?? ''),
    confusion,
    perPerson,
    misclassified: mistakes.slice(0, misclassifiedShown),
    misclassifiedTotal: mistakes.length,
    roc: rocOf(input.pairs, input.basis),
  };
}
