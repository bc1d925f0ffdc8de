import type { z } from 'zod';

/** `split.by`, or `the config` for the top level. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'the config' : `"${path.map(String).join('.')}"`;
}

/**
 * What the user reads for one zod issue, naming the field by its path: `unknown field "split.bye"`,
 * `"batchSize" must be an integer 1..4096`. The schema's fields carry the rule as their message
 * (config-fields.ts); unknown keys and unmatched discriminators are worded here.
 */
export function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `unknown field "${[...issue.path, key].map(String).join('.')}"`);
  }
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    const options = (issue.options as unknown[]).map((option) => JSON.stringify(option)).join(', ');
    return [`${fieldName(issue.path)} must be one of ${options}`];
  }
  return [`${fieldName(issue.path)} ${issue.message}`];
}
