import { describe, expect, it } from 'vitest';
import { confusionOrder } from '../../../src-main/training/run/confusion-order';
import { buildEvaluationReport, classScorePairs } from '../../../src-main/training/run/report-builder';
import type { ReportClass, ReportPrediction } from '../../../src-main/training/report-views';

const names = ['A', 'B', 'C', 'D', 'E', 'F'];
const nameOf = (index: number): string => names[index]!;

describe('confusionOrder', () => {
  it('puts the most confused people side by side, the never-confused last by name', () => {
    // A<->D confused most, D<->F next, B<->E once; C never.
    const order = confusionOrder(
      6,
      [
        [0, 3, 5],
        [3, 0, 2],
        [5, 3, 3],
        [1, 4, 1],
        [2, 2, 4],
      ],
      nameOf,
    );
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const at = (c: number): number => order.indexOf(c);
    expect(Math.abs(at(0) - at(3))).toBe(1);
    expect(Math.abs(at(3) - at(5))).toBe(1);
    expect(Math.abs(at(1) - at(4))).toBe(1);
    // The strongest chain first, the unconfused person last.
    expect(order.slice(0, 3).sort()).toEqual([0, 3, 5]);
    expect(order.at(-1)).toBe(2);
  });

  it('orders thousands of people with sparse confusions at once', () => {
    const confusion: Array<[number, number, number]> = [];
    for (let c = 0; c + 1 < 3000; c += 2) confusion.push([c, c + 1, 1 + (c % 7)]);
    const started = performance.now();
    const order = confusionOrder(3000, confusion, String);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(new Set(order).size).toBe(3000);
    for (let c = 0; c + 1 < 3000; c += 2) expect(Math.abs(order.indexOf(c) - order.indexOf(c + 1))).toBe(1);
  });
});

describe('buildEvaluationReport', () => {
  const classes: ReportClass[] = ['Ann', 'Bob', 'Cy'].map((name, index) => ({
    index,
    personId: index + 10,
    name,
    exampleFace: 100 + index,
  }));
  const predictions: ReportPrediction[] = [
    { faceId: 1, actual: 0, predicted: 0, score: 0.9 },
    { faceId: 2, actual: 0, predicted: 1, score: 0.6 },
    { faceId: 3, actual: 1, predicted: 1, score: 0.8 },
    { faceId: 4, actual: 1, predicted: 1, score: 0.7 },
    { faceId: 5, actual: 2, predicted: 0, score: 0.95 },
    { faceId: 6, actual: 2, predicted: 1, score: 0.5 },
  ];

  it('counts the confusions, ranks people worst first and mistakes most confident first', () => {
    const report = buildEvaluationReport({
      runId: 7,
      method: 'softmax',
      classes,
      predictions,
      pairs: null,
      basis: 'class-scores',
    });
    expect(report.accuracy).toBeCloseTo(3 / 6);
    expect(report.confusion).toEqual([
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 2],
      [2, 0, 1],
      [2, 1, 1],
    ]);
    expect(report.perPerson.map((p) => [p.class, p.accuracy])).toEqual([
      [2, 0],
      [0, 0.5],
      [1, 1],
    ]);
    expect(report.misclassified.map((m) => m.faceId)).toEqual([5, 2, 6]);
    expect(report.misclassifiedTotal).toBe(3);
    expect(report.roc).toBeNull();
  });

  it('draws a classifier ROC from the class scores: perfect scores give AUC 1 and EER 0', () => {
    // Two faces, three classes: each face's own class scores highest.
    const probabilities = Float32Array.from([0.8, 0.1, 0.1, 0.2, 0.7, 0.1]);
    const pairs = classScorePairs(probabilities, [0, 1], 3);
    expect(pairs.filter((p) => p.same)).toHaveLength(2);
    expect(pairs.filter((p) => !p.same)).toHaveLength(4);
    const report = buildEvaluationReport({
      runId: 1,
      method: 'softmax',
      classes,
      predictions: predictions.slice(0, 1),
      pairs,
      basis: 'class-scores',
    });
    expect(report.roc).toMatchObject({ auc: 1, eer: 0, genuine: 2, impostor: 4 });
    expect(report.roc!.points[0]).toEqual({ far: 0, tar: 0 });
    expect(report.roc!.points.at(-1)).toEqual({ far: 1, tar: 1 });
  });

  it('subsamples impostor scores beyond the cap, keeping every genuine one', () => {
    const faces = 100;
    const classCount = 50;
    const probabilities = new Float32Array(faces * classCount).fill(0.01);
    const actual = Array.from({ length: faces }, (_, k) => k % classCount);
    const pairs = classScorePairs(probabilities, actual, classCount, 1000);
    expect(pairs.filter((p) => p.same)).toHaveLength(faces);
    expect(pairs.length).toBeLessThanOrEqual(1000);
  });
});
