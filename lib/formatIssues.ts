/**
 * Validation issues (zod's, or any with a path and a message) as "path.to.key: message" lines.
 * Shared by the config loader and by the domain and transport checks of input, so it lives
 * apart from lib/config/load.ts, which only the composition roots may import.
 */
export function formatIssues(issues: { path: PropertyKey[]; message: string }[]): string[] {
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}
