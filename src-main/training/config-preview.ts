import { z } from 'zod';
import { checkRules, withDefaults } from './config/config-defaults';
import { describeIssue } from './config/config-issues';
import { trainConfigInputSchema } from './config/train-config-schema';
import type { TrainConfig } from './config/train-config';
import type { ConfigFieldError } from './dashboard-views';

/** Modes the schema names that cannot train yet, kept out of the form's choices. */
const unavailableModes = new Set(['finetune']);

/**
 * Every field of the schema that takes one of a fixed set of strings (an enum, or the literals of a
 * discriminated union's key), by path: read from the schema itself, so a field added there shows up.
 */
function schemaChoices(schema: z.ZodType, path: string, out: Map<string, Set<string>>): void {
  const add = (values: readonly unknown[]): void => {
    const set = out.get(path) ?? new Set<string>();
    for (const value of values) if (typeof value === 'string') set.add(value);
    out.set(path, set);
  };
  if (schema instanceof z.ZodOptional) schemaChoices(schema.unwrap() as z.ZodType, path, out);
  else if (schema instanceof z.ZodPipe) schemaChoices(schema.out as z.ZodType, path, out);
  else if (schema instanceof z.ZodEnum) add(schema.options);
  else if (schema instanceof z.ZodLiteral) add([...schema.values]);
  else if (schema instanceof z.ZodObject) {
    for (const [key, field] of Object.entries<unknown>(schema.shape)) {
      schemaChoices(field as z.ZodType, path ? `${path}.${key}` : key, out);
    }
  } else if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as z.ZodType[]) schemaChoices(option, path, out);
  }
}

function configChoicesOf(): Record<string, readonly string[]> {
  const found = new Map<string, Set<string>>();
  schemaChoices(trainConfigInputSchema, '', found);
  const choices: Record<string, readonly string[]> = {};
  for (const [path, values] of found) {
    choices[path] = [...values].filter((value) => path !== 'mode' || !unavailableModes.has(value));
  }
  return choices;
}

/** The values each choice field of the config accepts, by path (`optimizer`, `split.by`). */
export const configChoices = configChoicesOf();

/** The field a rule's message starts with (`"split.valPerPerson" ...`), else the whole config. */
function fieldOfMessage(message: string): string {
  return /^"([^"]+)"/.exec(message)?.[1] ?? '';
}

/**
 * The same checks as parseTrainConfig, with each refusal attached to its field (so a form can show it in
 * place) instead of joined into one error: the full config when nothing is refused.
 */
export function checkConfigFields(input: unknown): {
  config: TrainConfig | null;
  errors: ConfigFieldError[];
} {
  const parsed = trainConfigInputSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((issue) => {
      const messages = describeIssue(issue);
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key, k) => ({
          field: [...issue.path, key].map(String).join('.'),
          message: messages[k] ?? '',
        }));
      }
      return messages.map((message) => ({ field: issue.path.map(String).join('.'), message }));
    });
    return { config: null, errors };
  }
  const data = parsed.data;
  if (data.mode === 'finetune') {
    return { config: null, errors: [{ field: 'mode', message: '"mode" "finetune" is not available yet' }] };
  }
  const checked = { ...data, mode: data.mode };
  const problems = checkRules(checked);
  if (problems.length > 0) {
    return {
      config: null,
      errors: problems.map((message) => ({ field: fieldOfMessage(message), message })),
    };
  }
  return { config: withDefaults(checked), errors: [] };
}
