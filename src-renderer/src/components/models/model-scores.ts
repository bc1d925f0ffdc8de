/**
 * The A/B table's rows from an evaluation: one measure per row, the model's value, the other model's and
 * which is better. Pure, so it is tested without a DOM.
 */
import type { ModelEvaluation } from '../../../../src-main/api/contract';

type Scores = Omit<ModelEvaluation, 'against' | 'model'>;

export type ScoreKey = 'accuracy' | 'eer' | 'tar' | 'rank1' | 'bcubed';

export interface ScoreRow {
  key: ScoreKey;
  model: number;
  /** The value of the model measured against; null when there is none. */
  against: number | null;
  /** Which value is better ('tie' when equal or when there is nothing to compare). */
  better: 'model' | 'against' | 'tie';
}

/** Each measure, how to read it from the scores, and whether lower is better. */
const measures: ReadonlyArray<{ key: ScoreKey; read: (scores: Scores) => number; lower?: true }> = [
  { key: 'accuracy', read: (s) => s.verification.accuracy },
  { key: 'eer', read: (s) => s.verification.eer, lower: true },
  { key: 'tar', read: (s) => s.verification.tarAtFar1e3 },
  { key: 'rank1', read: (s) => s.identification.rank1 },
  { key: 'bcubed', read: (s) => s.clustering.bcubedF },
];

/** The rows of the A/B table, measures that need pairs left out when the labels had none. */
export function compareScores(report: ModelEvaluation): ScoreRow[] {
  const other = report.against;
  const pairs = report.verification.pairs > 0;
  return measures
    .filter((measure) => pairs || !['accuracy', 'eer', 'tar'].includes(measure.key))
    .map(({ key, read, lower }) => {
      const model = read(report);
      const against = other ? read(other) : null;
      let better: ScoreRow['better'] = 'tie';
      if (against !== null && model !== against) {
        better = model > against !== (lower === true) ? 'model' : 'against';
      }
      return { key, model, against, better };
    });
}
