/**
 * The evaluation report of a completed run, as the trainer writes it (runs/<id>/report.json) and the API
 * (`runs.report`) and the report page show it. Classes are referred to by their index in `classes`.
 */

/** A person the report talks about: a training class, or (verification runs) a held-out identity. */
export interface ReportClass {
  index: number;
  personId: number;
  name: string;
  /** A face of this person to show beside a mistake ("taken for ..."), when there is one. */
  exampleFace: number | null;
}

/** One test face: who it is, who the model said, and how sure it was (0..1). */
export interface ReportPrediction {
  faceId: number;
  actual: number;
  predicted: number;
  score: number;
  /** Nearest-neighbour reports: the held-out face it was matched to. */
  matchFace?: number;
}

/** How one person fared on the test: worst first in the report. */
export interface PersonAccuracy {
  class: number;
  correct: number;
  total: number;
  accuracy: number;
}

/** The ROC of the run's test scores, downsampled for drawing, with its summary figures. */
export interface ReportRoc {
  /**
   * `class-scores`: every (test face, class) score, genuine when the class is the face's own (a
   * classifier's closed-set ROC); `pairs`: distances of held-out face pairs (verification).
   */
  basis: 'class-scores' | 'pairs';
  /** False-accept rate (x) and true-accept rate (y), from (0,0) to (1,1). */
  points: Array<{ far: number; tar: number }>;
  auc: number;
  eer: number;
  tarAtFar: Array<{ far: number; tar: number }>;
  genuine: number;
  impostor: number;
}

/** The test identities after training, projected to 2D (coordinates scaled into [-1, 1]). */
export interface ReportMap {
  method: 'tsne' | 'pca';
  /** What was projected: the trained network's embedding of each test face, or a head's class probabilities. */
  features: 'embedding' | 'probabilities';
  /** `class` is the face's own person (an index into `classes`). */
  points: Array<{ faceId: number; class: number; x: number; y: number }>;
}

export interface EvaluationReport {
  runId: number;
  /**
   * `softmax`: the classifier's top class; `nearest-neighbour`: a verification run's held-out faces, each
   * named after its nearest other held-out face (leave-one-out rank-1 identification).
   */
  method: 'softmax' | 'nearest-neighbour';
  created: string;
  accuracy: number;
  faces: number;
  classes: ReportClass[];
  /** Class indices in display order: people confused with each other sit next to each other. */
  order: number[];
  /** The confusion matrix, sparse: [actual, predicted, faces], only cells with faces. */
  confusion: Array<[number, number, number]>;
  perPerson: PersonAccuracy[];
  /** Misclassified test faces, most confident mistakes first (at most `misclassifiedShown`). */
  misclassified: ReportPrediction[];
  misclassifiedTotal: number;
  roc: ReportRoc | null;
  /** The map of the test identities (reports written before maps existed have none). */
  map?: ReportMap | null;
}
