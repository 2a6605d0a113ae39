/**
 * Where and how "Suppress <ID> with a reason…" writes our suppression comment:
 *
 *   # iac-audit:ignore IAC-AWS-S3-001 reason="logs bucket, encrypted by org SCP" expires=2027-03-31
 *
 * on its own line directly above the resource (Terraform block header, CloudFormation logical id,
 * Kubernetes document start), indented like that line. Terraform and YAML both use `#`. JSON has
 * no comments: for CloudFormation JSON the caller offers no suppression action.
 * Who added it and when is answered by git blame, never typed into the comment.
 */
import type { Resource } from '../engine/core/model';
import { LineIndex, type SourceRange } from '../engine/core/range';
import type { TextEdit } from '../engine/core/policy';

export function canSuppressWithComment(path: string): boolean {
  return /\.(tf|tfvars|ya?ml)$/i.test(path);
}

/** The directive text; line breaks in the reason become spaces, quotes are escaped. */
export function suppressionComment(policyId: string, reason: string, expires?: string): string {
  const cleanReason = reason.replace(/[\r\n]+/g, ' ').trim().replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  let comment = `# iac-audit:ignore ${policyId} reason="${cleanReason}"`;
  if (expires && /^\d{4}-\d{2}-\d{2}$/.test(expires)) comment += ` expires=${expires}`;
  return comment;
}

/**
 * The 0-based line the comment goes above: the resource's first line (the suppression engine
 * applies an own-line directive to the resource that starts on the next line of code).
 */
export function suppressionTargetLine(text: string, resource: Resource | undefined, fallbackLine: number): number {
  if (!resource) return fallbackLine;
  const index = new LineIndex(text);
  let line = Math.min(resource.range.start.line, resource.headerRange.start.line);
  // A YAML document may start at its `---` separator: the comment goes below it.
  while (line < index.lineCount - 1 && /^---(\s|$)/.test(index.lineText(line))) line++;
  return line;
}

export function suppressionEdit(
  path: string,
  text: string,
  resource: Resource | undefined,
  fallbackLine: number,
  policyId: string,
  reason: string,
  expires?: string,
): TextEdit {
  const index = new LineIndex(text);
  const line = suppressionTargetLine(text, resource, fallbackLine);
  const lineText = index.lineText(line);
  const indent = /^[ \t]*/.exec(lineText)![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = index.position(index.lineStart(line));
  const range: SourceRange = { start: at, end: at };
  return { file: path, range, newText: `${indent}${suppressionComment(policyId, reason, expires)}${eol}` };
}
