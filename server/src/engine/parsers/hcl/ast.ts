/**
 * HCL syntax tree (native syntax). Every node keeps its exact source range.
 * Expressions that are not plain literals keep their source `text`, which is also what the
 * JSON projection (compared against `@cdktf/hcl2json`) prints as `${...}`.
 */
import type { SourceRange } from '../../core/range';

export interface HclParseDiagnostic {
  message: string;
  range: SourceRange;
}

export interface HclFile {
  path: string;
  /** The text that was parsed (ranges index into it). */
  text: string;
  body: HclBody;
  /** Syntax errors; the body still holds every block and attribute that could be parsed. */
  diagnostics: HclParseDiagnostic[];
  /** Comments (`#`, `//`, `/* *\/`) with their ranges: suppressions are read from them. */
  comments: HclComment[];
}

export interface HclComment {
  text: string;
  range: SourceRange;
}

export interface HclBody {
  /** Attributes and blocks in source order. */
  items: (HclAttribute | HclBlock)[];
  range: SourceRange;
}

export interface HclAttribute {
  type: 'attribute';
  name: string;
  nameRange: SourceRange;
  value: HclExpression;
  /** From the name to the end of the value. */
  range: SourceRange;
}

export interface HclBlock {
  type: 'block';
  blockType: string;
  typeRange: SourceRange;
  labels: { value: string; range: SourceRange }[];
  body: HclBody;
  /** From the block type to the closing brace (or as far as it got, if unclosed). */
  range: SourceRange;
  /** `{` and `}`; `closeBrace` is missing when the block was never closed. */
  openBrace: SourceRange;
  closeBrace?: SourceRange;
}

interface ExprBase {
  range: SourceRange;
}

export type HclExpression =
  | HclLiteral
  | HclTemplate
  | HclTuple
  | HclObject
  | HclTraversal
  | HclFunctionCall
  | HclConditional
  | HclFor
  | HclOperation
  | HclIndex
  | HclSplat
  | HclParenthesized
  | HclInvalid;

export interface HclLiteral extends ExprBase {
  kind: 'literal';
  value: string | number | boolean | null;
}

/** A quoted string or heredoc. `parts` alternate literal text and `${ ... }` interpolations. */
export interface HclTemplate extends ExprBase {
  kind: 'template';
  parts: (HclTemplateLiteralPart | HclTemplateInterpolation | HclTemplateDirective)[];
  heredoc?: { marker: string; indented: boolean };
  /**
   * True when the template is exactly one interpolation and nothing else (`"${var.x}"`): its value is
   * the interpolated expression's value (any type), not a string.
   */
  wrap?: boolean;
}
export interface HclTemplateLiteralPart {
  kind: 'text';
  /** The decoded text (escapes resolved, `~` trimming and `<<-` indentation removal applied). */
  value: string;
  range: SourceRange;
}
export interface HclTemplateInterpolation {
  kind: 'interpolation';
  expression: HclExpression;
  range: SourceRange;
}
/**
 * `%{ if ... }`, `%{ for ... }` directives: kept as text. Directives are flat markers in `parts`
 * (an `if` is followed by its parts, an optional `else` and an `endif`); `keyword` and the parsed
 * pieces say which marker this is.
 */
export interface HclTemplateDirective {
  kind: 'directive';
  text: string;
  range: SourceRange;
  keyword?: 'if' | 'else' | 'endif' | 'for' | 'endfor';
  /** `%{ if condition }` */
  condition?: HclExpression;
  /** `%{ for keyVar, valueVar in collection }` */
  keyVar?: string;
  valueVar?: string;
  collection?: HclExpression;
}

export interface HclTuple extends ExprBase {
  kind: 'tuple';
  items: HclExpression[];
}

export interface HclObject extends ExprBase {
  kind: 'object';
  items: { key: HclExpression; value: HclExpression; range: SourceRange }[];
}

/**
 * `var.x`, `aws_s3_bucket.b.id`, `local.tags["env"]`, `each.value`. Every step after a root name is
 * collected here, including index steps with any key (`x[each.key]`), the legacy `x.0` index and
 * splats (`x[*].id`, `x.*.id`); the steps are flat, in source order.
 */
export interface HclTraversal extends ExprBase {
  kind: 'traversal';
  root: string;
  steps: ({ kind: 'attr'; name: string } | { kind: 'index'; key: HclExpression } | { kind: 'splat' })[];
}

export interface HclFunctionCall extends ExprBase {
  kind: 'call';
  name: string;
  args: HclExpression[];
  expandFinal: boolean;
}

export interface HclConditional extends ExprBase {
  kind: 'conditional';
  condition: HclExpression;
  then: HclExpression;
  else: HclExpression;
}

/** `[for v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`. */
export interface HclFor extends ExprBase {
  kind: 'for';
  text: string;
  keyVar?: string;
  valueVar?: string;
  collection?: HclExpression;
  /** The `key =>` expression (object form only). */
  key?: HclExpression;
  value?: HclExpression;
  condition?: HclExpression;
  /** `...` after the value (object form: group values by key). */
  grouped?: boolean;
}

export interface HclOperation extends ExprBase {
  kind: 'operation';
  operator: string;
  operands: HclExpression[];
}

/** `expr[key]` or `expr.attr` on something that is not a plain traversal root. */
export interface HclIndex extends ExprBase {
  kind: 'index';
  target: HclExpression;
  key: HclExpression | string;
}

/** A splat on something that is not a traversal root (`f(x)[*].id`); `text` is its source text. */
export interface HclSplat extends ExprBase {
  kind: 'splat';
  target: HclExpression;
  text: string;
}

export interface HclParenthesized extends ExprBase {
  kind: 'parens';
  expression: HclExpression;
}

/** What the parser produced where it found a syntax error (e.g. `x = ` with nothing after it). */
export interface HclInvalid extends ExprBase {
  kind: 'invalid';
}
