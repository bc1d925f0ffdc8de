/**
 * The new-run form's fields: every hyperparameter of the training config, by its path in the config, with
 * when it applies. The form holds each as typed text ('' = the default, shown as the placeholder) and
 * builds the config from the fields set, so the backend fills the defaults for the mode and optimizer.
 */

export type FieldKind = 'int' | 'number' | 'choice' | 'bool' | 'workers';

export interface ConfigField {
  path: string;
  kind: FieldKind;
  group: 'model' | 'optimisation' | 'schedule' | 'data' | 'augment' | 'run';
  /** Whether the field applies to the config as it stands (the effective config, defaults filled). */
  applies?: (config: Record<string, unknown>) => boolean;
}

const scratch = (c: Record<string, unknown>): boolean => c.mode === 'scratch';
const marginLoss = (c: Record<string, unknown>): boolean => c.loss === 'arcface' || c.loss === 'cosface';
const nested = (c: Record<string, unknown>, key: string, field: string): unknown =>
  (c[key] as Record<string, unknown> | null | undefined)?.[field];

/** Every field of the config, in the form's order. */
export const configFields: ConfigField[] = [
  { path: 'mode', kind: 'choice', group: 'model' },
  { path: 'architecture', kind: 'choice', group: 'model', applies: scratch },
  { path: 'width', kind: 'number', group: 'model', applies: scratch },
  { path: 'inputSize', kind: 'int', group: 'model', applies: scratch },
  { path: 'embeddingSize', kind: 'int', group: 'model', applies: scratch },
  { path: 'normalization', kind: 'choice', group: 'model', applies: scratch },
  { path: 'loss', kind: 'choice', group: 'model' },
  { path: 'margin', kind: 'number', group: 'model', applies: marginLoss },
  { path: 'scale', kind: 'number', group: 'model', applies: marginLoss },
  { path: 'epochs', kind: 'int', group: 'optimisation' },
  { path: 'batchSize', kind: 'int', group: 'optimisation' },
  { path: 'optimizer', kind: 'choice', group: 'optimisation' },
  { path: 'learningRate', kind: 'number', group: 'optimisation' },
  { path: 'momentum', kind: 'number', group: 'optimisation', applies: (c) => c.optimizer === 'sgd' },
  { path: 'nesterov', kind: 'bool', group: 'optimisation', applies: (c) => c.optimizer === 'sgd' },
  { path: 'weightDecay', kind: 'number', group: 'optimisation' },
  { path: 'labelSmoothing', kind: 'number', group: 'optimisation' },
  { path: 'schedule.type', kind: 'choice', group: 'schedule' },
  { path: 'schedule.warmupEpochs', kind: 'number', group: 'schedule' },
  { path: 'schedule.warmupSteps', kind: 'int', group: 'schedule' },
  {
    path: 'schedule.gamma',
    kind: 'number',
    group: 'schedule',
    applies: (c) => nested(c, 'schedule', 'type') === 'step',
  },
  {
    path: 'schedule.everyEpochs',
    kind: 'number',
    group: 'schedule',
    applies: (c) => nested(c, 'schedule', 'type') === 'step',
  },
  {
    path: 'schedule.everySteps',
    kind: 'int',
    group: 'schedule',
    applies: (c) => nested(c, 'schedule', 'type') === 'step',
  },
  {
    path: 'schedule.floor',
    kind: 'number',
    group: 'schedule',
    applies: (c) => nested(c, 'schedule', 'type') === 'cosine',
  },
  { path: 'split.by', kind: 'choice', group: 'data' },
  {
    path: 'split.testPerPerson',
    kind: 'int',
    group: 'data',
    applies: (c) => nested(c, 'split', 'by') === 'image',
  },
  {
    path: 'split.valPerPerson',
    kind: 'int',
    group: 'data',
    applies: (c) => nested(c, 'split', 'by') === 'image',
  },
  {
    path: 'split.testIdentities',
    kind: 'int',
    group: 'data',
    applies: (c) => nested(c, 'split', 'by') === 'identity',
  },
  {
    path: 'split.valIdentities',
    kind: 'int',
    group: 'data',
    applies: (c) => nested(c, 'split', 'by') === 'identity',
  },
  { path: 'minFacesPerPerson', kind: 'int', group: 'data' },
  { path: 'includeAuto', kind: 'bool', group: 'data' },
  { path: 'augment.flip', kind: 'bool', group: 'augment', applies: scratch },
  { path: 'augment.crop', kind: 'bool', group: 'augment', applies: scratch },
  { path: 'augment.color', kind: 'bool', group: 'augment', applies: scratch },
  { path: 'earlyStopping.patience', kind: 'int', group: 'run' },
  { path: 'earlyStopping.metric', kind: 'choice', group: 'run' },
  { path: 'seed', kind: 'int', group: 'run' },
  { path: 'workers', kind: 'workers', group: 'run' },
];

/** The value at a dotted path of a config. */
export function valueAt(config: Record<string, unknown> | null, path: string): unknown {
  let value: unknown = config;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function parseValue(kind: FieldKind, text: string): unknown {
  if (kind === 'bool') return text === 'true';
  if (kind === 'choice') return text;
  if (kind === 'workers' && text.trim() === 'auto') return 'auto';
  // A number as typed: the backend says what is wrong with it (a fraction for an integer field...).
  const number = Number(text);
  return text.trim() === '' || Number.isNaN(number) ? text : number;
}

/**
 * The config the form's values describe: only the fields set (and applying to the config as it stands),
 * nested by path. Early stopping is on when `earlyStopping` is on; a schedule or split field given without
 * its type takes the default type, so that the object is complete.
 */
export function buildConfig(
  values: Readonly<Record<string, string | number>>,
  earlyStopping: boolean,
  effective: Record<string, unknown> | null,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of configFields) {
    // Vue's v-model gives a number input's value as a number: read every value as text.
    const text = String(values[field.path] ?? '').trim();
    if (text === '') continue;
    if (field.path.startsWith('earlyStopping.') && !earlyStopping) continue;
    if (effective && field.applies && !field.applies(effective)) continue;
    const keys = field.path.split('.');
    let target = config;
    for (const key of keys.slice(0, -1)) {
      target[key] ??= {};
      target = target[key] as Record<string, unknown>;
    }
    target[keys[keys.length - 1]!] = parseValue(field.kind, text);
  }
  if (earlyStopping) config.earlyStopping ??= {};
  const schedule = config.schedule as Record<string, unknown> | undefined;
  if (schedule && schedule.type === undefined)
    schedule.type = valueAt(effective, 'schedule.type') ?? 'cosine';
  const split = config.split as Record<string, unknown> | undefined;
  if (split && split.by === undefined) split.by = valueAt(effective, 'split.by') ?? 'image';
  return config;
}

/** A default as the form's placeholder shows it. */
export function describeDefault(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A config as rows of (dotted path, value as text), for tables; nested objects by their fields. */
export function flattenConfig(config: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(config)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      rows.push(...flattenConfig(value as Record<string, unknown>, path));
    } else rows.push([path, value === null ? '—' : JSON.stringify(value).replace(/^"(.*)"$/, '$1')]);
  }
  return rows;
}
