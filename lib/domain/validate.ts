import type { z } from 'zod';
import { invalid } from '../errors.js';
import { formatIssues } from '../formatIssues.js';

/** Parses input against a schema; a failure is a 422 with every problem listed, and nothing changes. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = formatIssues(result.error.issues);
    throw invalid(`The input is not valid: ${problems.join('; ')}`, problems);
  }
  return result.data;
}
