/**
 * An engine evaluation of one file -> the LSP diagnostics shown for it. Pure: the same inputs
 * give the same diagnostics, so the tests and the "did anything change?" check can rely on it.
 *
 * Decisions:
 * - Suppressed findings are not shown (they live on in reports and in the suppression's hover).
 * - A suppression of ours that no longer suppresses anything is shown as a faded Hint
 *   (`DiagnosticTag.Unnecessary`), like unused code: the finding it was written for is gone.
 * - Input errors (syntax, file too large, binary) have their own source so clients can tell them
 *   apart; they sit alongside the policy findings of the parts that still parse.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';
import type { SourceRange } from '../engine/core/range';
import { docsUrl, type Finding, type InputError, type Policy } from '../engine/core/policy';
import type { FileEvaluation } from '../engine/project';
import type { SuppressionDirective } from '../engine/suppressions/contract';
import { DIAGNOSTIC_SOURCE, SYNTAX_DIAGNOSTIC_SOURCE, type FindingData } from './protocol';
import { atOrAbove, type DiagnosticLevel, type Settings } from './settings';

export function toLspRange(range: SourceRange | undefined): Range {
  if (!range) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    start: { line: range.start.line, character: range.start.column },
    end: { line: range.end.line, character: range.end.column },
  };
}

const LEVEL: Record<Exclude<DiagnosticLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Findings the user sees: active, at or above the threshold, and not mapped to "off". */
export function isVisible(finding: Finding, settings: Settings): boolean {
  return (
    finding.suppressed === null &&
    atOrAbove(finding.severity, settings.severityThreshold) &&
    settings.severityMapping[finding.severity] !== 'off'
  );
}

export interface DiagnosticContext {
  settings: Settings;
  policyById: (id: string) => Policy | undefined;
  toUri: (path: string) => string;
  documentVersion: number | null;
  /** Policies whose findings exist at all in this configuration (for "suppression no longer needed"). */
  isPolicyEnabled: (id: string) => boolean;
}

export function findingDiagnostic(finding: Finding, ctx: DiagnosticContext): Diagnostic {
  const level = ctx.settings.severityMapping[finding.severity];
  const policy = ctx.policyById(finding.policyId);
  const data: FindingData = {
    policyId: finding.policyId,
    resource: finding.resource,
    documentVersion: ctx.documentVersion,
  };
  if (finding.fix) {
    data.fix = {
      description: finding.fix.description,
      safe: finding.fix.safe,
      edits: finding.fix.edits.map((e) => ({ uri: ctx.toUri(e.file), range: toLspRange(e.range), newText: e.newText })),
    };
  }
  return {
    range: toLspRange(finding.range),
    severity: level === 'off' ? DiagnosticSeverity.Hint : LEVEL[level],
    code: finding.policyId,
    codeDescription: { href: docsUrl(policy ?? { id: finding.policyId }) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
}

export function inputErrorDiagnostic(error: InputError): Diagnostic {
  return {
    range: toLspRange(error.range),
    severity:
      error.severity === 'error' ? DiagnosticSeverity.Error : error.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    source: SYNTAX_DIAGNOSTIC_SOURCE,
    message: error.message,
  };
}

/** Our own active directives that silence nothing: every policy they name is known, enabled and quiet here. */
export function unusedDirectives(evaluation: FileEvaluation, ctx: Pick<DiagnosticContext, 'policyById' | 'isPolicyEnabled'>): SuppressionDirective[] {
  const used = new Set<number>();
  for (const finding of evaluation.findings) {
    if (finding.suppressed && finding.suppressed.file === evaluation.file) used.add(finding.suppressed.range.start.offset);
  }
  return evaluation.directives.filter(
    (d) =>
      d.kind === 'iac-audit' &&
      d.active !== false &&
      d.file === evaluation.file &&
      d.ids.length > 0 &&
      !used.has(d.range.start.offset) &&
      !d.suppressedCount &&
      d.ids.every((id) => ctx.policyById(id) !== undefined && ctx.isPolicyEnabled(id)),
  );
}

export function toDiagnostics(evaluation: FileEvaluation, ctx: DiagnosticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const error of evaluation.errors) out.push(inputErrorDiagnostic(error));
  for (const finding of evaluation.findings) {
    if (finding.file === evaluation.file && isVisible(finding, ctx.settings)) out.push(findingDiagnostic(finding, ctx));
  }
  for (const directive of unusedDirectives(evaluation, ctx)) {
    out.push({
      range: toLspRange(directive.range),
      severity: DiagnosticSeverity.Hint,
      source: DIAGNOSTIC_SOURCE,
      message: `Suppression of ${directive.ids.join(', ')} is no longer needed: no such finding here.`,
      tags: [DiagnosticTag.Unnecessary],
    });
  }
  return out;
}
