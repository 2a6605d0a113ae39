/**
 * Terminal output: one line per finding, `file:line:col  severity  ID  message` (editors and
 * terminals make `file:line:col` clickable), grouped by file, then input errors and a summary line.
 * Colour only when asked (the CLI decides from the TTY, --no-color and NO_COLOR).
 */
import type { Finding, Severity } from '../core/policy';
import { countBySeverity, sortErrors, sortFindings, type ScanReportInput } from './common';

export interface TextReportOptions {
  color?: boolean;
  /** List suppressed findings too (dimmed, with their reason); they are always counted. */
  showSuppressed?: boolean;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  magenta: '\u001b[35m',
  gray: '\u001b[90m',
};

const SEVERITY_STYLE: Record<Severity, string> = {
  critical: ANSI.bold + ANSI.magenta,
  high: ANSI.red,
  medium: ANSI.yellow,
  low: ANSI.blue,
  info: ANSI.gray,
};

export function toText(scan: ScanReportInput, options: TextReportOptions = {}): string {
  const paint = (style: string, text: string) => (options.color ? `${style}${text}${ANSI.reset}` : text);
  const sorted = sortFindings(scan.findings);
  const shown = options.showSuppressed ? sorted : sorted.filter((f) => !f.suppressed);
  const errors = sortErrors(scan.errors);

  const location = (file: string, line: number, column: number) => `${file}:${line + 1}:${column + 1}`;
  const locWidth = Math.max(0, ...shown.map((f) => location(f.file, f.range.start.line, f.range.start.column).length));
  const sevWidth = Math.max(0, ...shown.map((f) => f.severity.length));
  const idWidth = Math.max(0, ...shown.map((f) => f.policyId.length));

  const lines: string[] = [];
  let previousFile: string | undefined;
  for (const f of shown) {
    if (previousFile !== undefined && f.file !== previousFile) lines.push('');
    previousFile = f.file;
    const loc = location(f.file, f.range.start.line, f.range.start.column).padEnd(locWidth);
    const sev = paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(sevWidth));
    const line = `${loc}  ${sev}  ${f.policyId.padEnd(idWidth)}  ${f.message}${f.fix ? '  [fixable]' : ''}`;
    lines.push(f.suppressed ? paint(ANSI.dim, `${stripAnsi(line)}  [suppressed: ${suppressionNote(f)}]`) : line);
  }

  if (errors.length) {
    if (lines.length) lines.push('');
    lines.push(paint(ANSI.bold, errors.length === 1 ? 'Input error:' : 'Input errors:'));
    for (const e of errors) {
      const loc = e.range ? location(e.file, e.range.start.line, e.range.start.column) : e.file;
      const style = e.severity === 'error' ? ANSI.red : e.severity === 'warning' ? ANSI.yellow : ANSI.gray;
      lines.push(`${loc}  ${paint(style, e.severity)}  ${e.message}`);
    }
  }

  if (lines.length) lines.push('');
  lines.push(summaryLine(scan, options.color ?? false));
  return lines.join('\n') + '\n';
}

function suppressionNote(f: Finding): string {
  const s = f.suppressed!;
  const parts: string[] = [s.kind];
  parts.push(s.reason ? `"${s.reason}"` : 'no reason given');
  if (s.expires) parts.push(`until ${s.expires}`);
  return parts.join(', ');
}

export function summaryLine(scan: ScanReportInput, color = false): string {
  const active = scan.findings.filter((f) => !f.suppressed);
  const suppressed = scan.findings.length - active.length;
  const files = plural(scan.files.length, 'file');
  const counts = countBySeverity(active);
  const parts: string[] = [];
  if (active.length) {
    const bySeverity = (Object.keys(counts) as Severity[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
    parts.push(`${plural(active.length, 'finding')} (${bySeverity.join(', ')}) in ${files}`);
  } else {
    parts.push(`No findings in ${files}`);
  }
  if (suppressed) parts.push(`${suppressed} suppressed`);
  if (scan.errors.length) parts.push(plural(scan.errors.length, 'input error'));
  const line = parts.join('; ') + '.';
  if (!color) return line;
  return `${ANSI.bold}${active.length ? ANSI.red : ANSI.green}${line}${ANSI.reset}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
