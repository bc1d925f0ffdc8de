import { accuracyAt, bestThreshold } from './best-threshold';
import { crossValidate } from './cross-validation';
import type { ScoredPair } from './scored-pair';
import { equalErrorRate, rocAuc, tarAtFar } from './verification-metrics';

/** The numbers the LFW verification protocol reports. */
export interface VerificationResult {
  /** Ten-fold: mean fold accuracy. With train pairs: accuracy on the test pairs. */
  accuracy: number;
  /** Ten-fold: sample standard deviation of the fold accuracies. With train pairs: null. */
  std: number | null;
  /** Ten-fold: mean of the fold thresholds. With train pairs: the threshold chosen on them. */
  threshold: number;
  /** ROC AUC over all test pairs. */
  auc: number;
  /** Equal error rate over all test pairs. */
  eer: number;
  /** True-accept rate at false-accept rate <= 1e-3 over all test pairs. */
  tarAtFar1e3: number;
  /** Number of test pairs. */
  pairs: number;
}

/**
 * Evaluates face verification by the LFW protocol. Without `train` the test pairs must carry folds
 * (View 2): each fold is scored with the threshold chosen on the other folds. With `train` (View 1) the
 * threshold is chosen on the train pairs and applied to the test pairs, whatever their folds.
 * Threshold-free metrics (AUC, EER, TAR@FAR) always use all test pairs.
 * @throws RangeError when the test pairs lack one class, or lack folds while no train pairs are given.
 */
export function evaluateVerification(
  test: readonly ScoredPair[],
  train?: readonly ScoredPair[],
): VerificationResult {
  const accuracy = train ? trainTestAccuracy(test, train) : crossValidate(test);
  return {
    accuracy: accuracy.accuracy,
    std: accuracy.std,
    threshold: accuracy.threshold,
    auc: rocAuc(test),
    eer: equalErrorRate(test),
    tarAtFar1e3: tarAtFar(test, 1e-3),
    pairs: test.length,
  };
}

function trainTestAccuracy(test: readonly ScoredPair[], train: readonly ScoredPair[]) {
  const { threshold } = bestThreshold(train);
  return { accuracy: accuracyAt(test, threshold), std: null, threshold };
}
