import { falseAcceptRate, falseRejectRate, thresholdForFar, type Calibration } from './calibration';
import type { LabelCounts } from './labeled-faces';
import type { SearchThreshold } from './search-views';

/** The false-accept rate the default threshold is chosen for: a stranger is named once in a thousand. */
export const defaultTargetFar = 1e-3;

/**
 * How much nearer than the second-best person the best one must be to be named: a face between two people
 * is left unnamed rather than given the wrong one. Half the suggestion margin (0.08), since a search names
 * nobody in the catalog, it only answers.
 */
export const nameMargin = 0.04;

/**
 * Fewer labels than this and the catalog's own estimate is not trusted: at least 5 people with two or more
 * labeled faces, 20 genuine and 200 impostor pairs (a normal fit to fewer says little about its 1e-3 tail).
 */
export const minCalibration = { people: 5, genuinePairs: 20, impostorPairs: 200 } as const;

/**
 * The model's open-set default, from LFW View 1 DevTrain (never DevTest) with the project's LFW code
 * (`embedForVerification`, as `eval-lfw` runs it: detector threshold 0.3, the face nearest the centre, no
 * flip fusion; 3,443 images) on ../shared/datasets/lfw-view1: 1,100
 * genuine and 1,100 impostor pairs, Euclidean distances, each fitted by a normal distribution. The threshold
 * is `thresholdForFar(devTrain, 1e-3)`: the fitted impostor quantile 0.5751 - 3.090 x 0.0613 = 0.3856 (the
 * observed rule allowed up to the second-nearest impostor pair, 0.397; one pair, at 0.378, is accepted:
 * observed FAR 0.9e-3), where 5.7% of the genuine pairs are rejected. The accuracy-optimal verification
 * threshold (0.435) is looser: an open-set search must answer strangers with "unknown".
 */
export const lfwDevTrain = {
  genuine: { mean: 0.3006, std: 0.0524 },
  impostor: { mean: 0.5751, std: 0.0613 },
  thresholdAtFar1e3: 0.3856,
} as const;

/** LFW DevTrain as a calibration of fits only (its pairs are not shipped). */
export const lfwCalibration: Calibration = {
  genuine: new Float64Array(),
  impostor: new Float64Array(),
  genuineFit: lfwDevTrain.genuine,
  impostorFit: lfwDevTrain.impostor,
};

/** Whether the labels are enough to calibrate on (see `minCalibration`). */
export function enoughLabels(counts: LabelCounts, calibration: Calibration): boolean {
  return (
    counts.people >= minCalibration.people &&
    calibration.genuine.length >= minCalibration.genuinePairs &&
    calibration.impostor.length >= minCalibration.impostorPairs
  );
}

/** A threshold the user asked for: a distance (Euclidean) or a target false-accept rate. */
export interface ThresholdRequest {
  threshold?: number;
  far?: number;
}

/**
 * The threshold in force (Euclidean): the user's distance; else the one for the user's target FAR, or for
 * 1e-3 by default, estimated on the catalog's labels when they are enough, else on LFW DevTrain.
 */
export function chooseThreshold(
  request: ThresholdRequest,
  catalog: Calibration,
  counts: LabelCounts,
): Omit<SearchThreshold, 'metric'> {
  const fewLabels = !enoughLabels(counts, catalog);
  const basis = fewLabels ? lfwCalibration : catalog;
  let value: number;
  let source: SearchThreshold['source'];
  if (request.threshold !== undefined) {
    value = request.threshold;
    source = 'given';
  } else if (request.far !== undefined) {
    value = thresholdForFar(basis, request.far) ?? lfwDevTrain.thresholdAtFar1e3;
    source = 'far';
  } else {
    value = fewLabels
      ? lfwDevTrain.thresholdAtFar1e3
      : (thresholdForFar(basis, defaultTargetFar) ?? lfwDevTrain.thresholdAtFar1e3);
    source = fewLabels ? 'lfw-default' : 'catalog';
  }
  return {
    value,
    source,
    far: falseAcceptRate(basis, value),
    frr: falseRejectRate(basis, value),
    margin: nameMargin,
    fewLabels,
  };
}
