import { accuracyAt, bestThreshold } from './best-threshold';
import type { ScoredPair } from './scored-pair';

/** One fold's result: the threshold chosen on all other folds, and the accuracy it gets on this fold. */
export interface FoldResult {
  fold: number;
  threshold: number;
  accuracy: number;
}

/** Cross-validated accuracy over the folds of a set of pairs. */
export interface CrossValidation {
  folds: FoldResult[];
  /** Mean of the fold accuracies. */
  accuracy: number;
  /** Sample standard deviation (n - 1) of the fold accuracies; LFW's standard error is std / sqrt(n). */
  std: number;
  /** Mean of the fold thresholds. */
  threshold: number;
}

/**
 * Leave-one-fold-out: for each fold, the best-accuracy threshold on the pairs of every other fold is
 * applied to that fold. Folds are visited in ascending order.
 * @throws RangeError when a pair has no fold or there are fewer than two folds.
 */
export function crossValidate(pairs: readonly ScoredPair[]): CrossValidation {
  const foldIds = new Set<number>();
  for (const pair of pairs) {
    if (pair.fold === undefined) throw new RangeError('crossValidate: every pair needs a fold');
    foldIds.add(pair.fold);
  }
  if (foldIds.size < 2) throw new RangeError(`crossValidate: needs at least 2 folds, got ${foldIds.size}`);

  const folds = [...foldIds]
    .sort((x, y) => x - y)
    .map((fold) => {
      const { threshold } = bestThreshold(pairs.filter((pair) => pair.fold !== fold));
      return {
        fold,
        threshold,
        accuracy: accuracyAt(
          pairs.filter((pair) => pair.fold === fold),
          threshold,
        ),
      };
    });
  const accuracies = folds.map((fold) => fold.accuracy);
  return {
    folds,
    accuracy: mean(accuracies),
    std: sampleStd(accuracies),
    threshold: mean(folds.map((fold) => fold.threshold)),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The unbiased (n - 1) estimate, as the LFW protocol defines sigma-hat; numpy's np.std would use n. */
function sampleStd(values: readonly number[]): number {
  const centre = mean(values);
  const squares = values.reduce((sum, value) => sum + (value - centre) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}
