import * as tf from '@tensorflow/tfjs-core';

/** One named tensor of an optimizer's state, as checkpoints store it. */
export interface OptimizerStateTensor {
  name: string;
  tensor: tf.Tensor;
}

/**
 * An optimizer the training loop drives: it sets the learning rate every step (the schedule lives
 * outside) and checkpoints the state, so that a resumed run continues with the same velocities and moments.
 */
export interface TrainOptimizer {
  readonly name: string;
  /**
   * One step: updates each variable from its gradient (same order, same length). The caller keeps
   * ownership of the gradients; no tensor outlives the call except the optimizer's own state.
   */
  applyGradients(variables: tf.Variable[], gradients: tf.Tensor[], learningRate: number): void;
  /** Copies of the state tensors (the caller disposes them): the step count and each slot by position. */
  getState(): OptimizerStateTensor[];
  /** Replaces the state with copies of `state` (as {@link getState} returned it); the caller keeps `state`. */
  setState(state: OptimizerStateTensor[]): void;
  /** Frees the state. */
  dispose(): void;
}

/**
 * A non-trainable float32 variable with `make()`'s value. The variable shares the data (reference-counted),
 * so the tidy frees only the temporaries and a caller's tensor stays the caller's to dispose.
 */
function slotVariable(make: () => tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(tf.cast(make(), 'float32'), false));
}

/** The scalars a step shares across variables, made once per step instead of once per variable. */
export type StepScalars = Record<string, tf.Scalar>;

/**
 * The bookkeeping every optimizer here shares: per-variable state slots ("velocity", "m", "v") kept as
 * variables, addressed by the variable's position in the list (variable names get `_N` suffixes when a
 * model is rebuilt in the same process; positions do not change), the step count, and state in and out.
 * State names are `<optimizer>/<slot>/<position>` and `<optimizer>/step`.
 */
export abstract class SlotOptimizer implements TrainOptimizer {
  private slots = new Map<string, tf.Variable>();
  /** Steps taken, the current one included while it runs (Adam's bias correction needs it). */
  protected steps = 0;

  protected constructor(
    readonly name: string,
    private readonly slotNames: readonly string[],
  ) {}

  /** The scalars this step needs (learning rate, decay factors), created by the caller's tidy. */
  protected abstract stepScalars(learningRate: number): StepScalars;

  /** The new value of one variable; `slots` are updated here with `assign`. Runs inside a tidy. */
  protected abstract update(
    variable: tf.Variable,
    gradient: tf.Tensor,
    slots: Record<string, tf.Variable>,
    scalars: StepScalars,
  ): tf.Tensor;

  applyGradients(variables: tf.Variable[], gradients: tf.Tensor[], learningRate: number): void {
    if (variables.length !== gradients.length) {
      throw new Error(`${this.name} - ${variables.length} variables but ${gradients.length} gradients`);
    }
    if (!(learningRate >= 0 && Number.isFinite(learningRate))) {
      throw new Error(`${this.name} - the learning rate must be finite and >= 0, got ${learningRate}`);
    }
    const slotsOf = variables.map((variable, index) => this.slotsFor(variable, index));
    this.steps += 1;
    const scalars = tf.tidy(() => this.stepScalars(learningRate));
    try {
      variables.forEach((variable, index) => {
        const gradient = gradients[index];
        if (!gradient) throw new Error(`${this.name} - no gradient for "${variable.name}"`);
        // One tidy per variable: the temporaries of a large model's update never pile up.
        tf.tidy(() => variable.assign(this.update(variable, gradient, slotsOf[index]!, scalars)));
      });
    } finally {
      tf.dispose(Object.values(scalars));
    }
  }

  getState(): OptimizerStateTensor[] {
    const state: OptimizerStateTensor[] = [
      { name: `${this.name}/step`, tensor: tf.scalar(this.steps, 'int32') },
    ];
    for (const [key, slot] of this.slots) state.push({ name: `${this.name}/${key}`, tensor: tf.clone(slot) });
    return state;
  }

  setState(state: OptimizerStateTensor[]): void {
    const slots = new Map<string, tf.Variable>();
    let steps = 0;
    const fail = (message: string): never => {
      tf.dispose([...slots.values()]);
      throw new Error(`${this.name} - ${message}`);
    };
    for (const { name, tensor } of state) {
      const key = name.startsWith(`${this.name}/`) ? name.slice(this.name.length + 1) : undefined;
      if (key === 'step') {
        steps = tensor.dataSync()[0]!;
        continue;
      }
      const [slot, position] = key?.split('/') ?? [];
      if (!slot || !this.slotNames.includes(slot) || !/^\d+$/.test(position ?? '')) {
        fail(`unexpected state "${name}" (a checkpoint of another optimizer?)`);
      }
      slots.set(
        key!,
        slotVariable(() => tensor),
      );
    }
    this.dispose();
    this.slots = slots;
    this.steps = steps;
  }

  dispose(): void {
    tf.dispose([...this.slots.values()]);
    this.slots.clear();
  }

  /** The variable's slots, created at zero on its first step; a restored slot must match its shape. */
  private slotsFor(variable: tf.Variable, index: number): Record<string, tf.Variable> {
    const slots: Record<string, tf.Variable> = {};
    for (const slot of this.slotNames) {
      const key = `${slot}/${index}`;
      let value = this.slots.get(key);
      if (!value) {
        value = slotVariable(() => tf.zerosLike(variable));
        this.slots.set(key, value);
      } else if (!tf.util.arraysEqual(value.shape, variable.shape)) {
        throw new Error(
          `${this.name} - state "${key}" has shape [${value.shape.join(',')}] but "${variable.name}" ` +
            `has [${variable.shape.join(',')}] (a checkpoint of another model?)`,
        );
      }
      slots[slot] = value;
    }
    return slots;
  }
}
