/**
 * What an optimizer is built from; free of TensorFlow.js so the run config can name optimizers in the
 * main process. Weight decay is coupled (L2: `weightDecay * w` added to the gradient) for `sgd` and `adam`,
 * as in PyTorch's SGD and Adam, so their hyperparameters carry over; `adamw` decouples it (Loshchilov &
 * Hutter 2019: `w -= lr * weightDecay * w` apart from the adaptive step). In all three it applies only to
 * convolution and dense kernels, never to batch-norm scales and shifts or biases, whose decay would only
 * fight the normalisation.
 */
export const optimizerNames = ['sgd', 'adam', 'adamw'] as const;

/** One of {@link optimizerNames}. */
export type OptimizerName = (typeof optimizerNames)[number];

export interface SgdConfig {
  name: 'sgd';
  /** Fraction of the previous step kept in the velocity (0: plain SGD). Default 0.9. */
  momentum?: number;
  /** Nesterov's look-ahead momentum. Default false. */
  nesterov?: boolean;
  weightDecay?: number;
}

export interface AdamConfig {
  name: 'adam' | 'adamw';
  /** Default 0.9, 0.999 and 1e-8, as in the paper and PyTorch. */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

export type OptimizerConfig = SgdConfig | AdamConfig;
