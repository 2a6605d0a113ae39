/**
 * Reads YAML text (every document of a stream) into the positional raw tree (raw.ts), using the
 * `yaml` package for the syntax and doing the rest ourselves:
 *
 * - CloudFormation short-form intrinsics (`!Ref`, `!GetAtt`, ...) are registered as custom tags
 *   in their scalar, sequence and mapping forms, so they parse without warnings and keep their
 *   tag; a tagged node's range starts at its `!Tag`.
 * - Aliases are expanded by sharing the anchored node's content (no deep copy): the alias node has
 *   the range of `*name`, what it contains keeps the anchor's ranges. Expansion is bounded the
 *   way the `yaml` package bounds `toJS` (`maxAliasCount`), so an alias bomb is an error, not a hang.
 * - `<<` merge keys (YAML 1.1, still common in Kubernetes manifests) are applied.
 *
 * A document with syntax errors yields its errors and no value: half a document could otherwise
 * produce findings about settings that are really just not parsed yet.
 */
import { Composer, isAlias, isMap, isScalar, isSeq, Lexer, parseAllDocuments, Parser, Scalar } from 'yaml';
import type { Alias, CollectionTag, Document, Node as YamlNode, Pair, ParseOptions, ScalarTag, YAMLMap, YAMLSeq } from 'yaml';
import type { RawEntry, RawList, RawMap, RawNode, RawScalar, RawSyntaxError } from './raw';

/** CloudFormation intrinsic functions that have a YAML short form (`!Name`). */
export const CFN_SHORT_TAGS = [
  '!Ref', '!Sub', '!GetAtt', '!Join', '!If', '!Equals', '!Not', '!And', '!Or', '!FindInMap', '!Select',
  '!Split', '!Base64', '!Cidr', '!ImportValue', '!GetAZs', '!Condition', '!Transform', '!Length', '!ToJsonString',
] as const;

const identity = <T>(value: T): T => value;

/** Scalar, sequence and mapping forms of every short tag; the node is kept as parsed. */
const CUSTOM_TAGS: (ScalarTag | CollectionTag)[] = CFN_SHORT_TAGS.flatMap((tag) => [
  { tag, resolve: identity } as ScalarTag,
  { tag, collection: 'seq', resolve: identity } as CollectionTag,
  { tag, collection: 'map', resolve: identity } as CollectionTag,
]);

export interface YamlDocument {
  /** The document's content; undefined when it had errors or is empty. */
  value: RawNode | undefined;
  errors: RawSyntaxError[];
  /** Problems that do not stop the analysis (a repeated key: the last one wins, as in kubectl and CloudFormation). */
  warnings: RawSyntaxError[];
}

export interface YamlReadOptions {
  /** Like the `yaml` package's option: -1 disables the bound, 0 forbids aliases. Default 100. */
  maxAliasCount?: number;
  /**
   * The documents of the previous read of the same file (see YamlStreamCache): only documents
   * whose text changed are parsed again. The result is the same as without it.
   */
  cache?: YamlStreamCache;
}

/**
 * What a read of a multi-document stream can lend the next read of the same file: its documents,
 * by their text, with offsets relative to the document's start. In an editor one keystroke
 * changes one document of a stream (a 2,000-line manifest can hold 70), so the others are
 * reused, shifted to where they now are, instead of being parsed again.
 */
export class YamlStreamCache {
  /** Parsed chunks of the last read: chunk text -> its documents, offsets relative to the chunk. */
  chunks = new Map<string, YamlPiece>();
  /** The bound the cached documents were read with (a different one invalidates them). */
  maxAliasCount: number | undefined;
  /**
   * Where the last read cut the stream (piece starts), when it was read piece by piece; each
   * document's content then depends on its piece's text alone. Undefined after a whole read.
   */
  cuts: number[] | undefined;
}

const MAX_DEPTH = 1000;

class ReadError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

interface AnchorData {
  raw: RawNode;
  /** How often the anchor has been used (+1, as in `yaml`'s toJS). */
  count: number;
  /** The largest expansion factor of the aliases inside the anchored node (1 when none). */
  weight: number;
}

/**
 * Deeper nesting than this is refused before the `yaml` package sees the text. It recurses per
 * level and, near the stack limit, V8 can abort the whole process ("RegExpCompiler Allocation
 * failed") instead of throwing, which nothing can catch. Real manifests nest a few dozen levels.
 */
export const MAX_YAML_NESTING = 300;

export function readYaml(text: string, options: YamlReadOptions = {}): YamlDocument[] {
  const maxAliasCount = options.maxAliasCount ?? 100;
  if (options.cache) options.cache.cuts = undefined;
  const tooDeep = findExcessiveNesting(text, MAX_YAML_NESTING);
  if (tooDeep !== undefined) {
    return [{ value: undefined, errors: [{ message: `Nested more than ${MAX_YAML_NESTING} levels deep; not analysed`, start: tooDeep, end: tooDeep }], warnings: [] }];
  }
  const cache = options.cache;
  if (cache) {
    const chunked = readChunked(text, maxAliasCount, cache);
    if (chunked) return chunked;
    cache.chunks.clear();
    cache.cuts = undefined;
  }
  return readStream(text, maxAliasCount);
}

/**
 * Where the stream's documents can be cut so that parsing each piece alone gives what parsing
 * the whole stream gives: before every `---` line and after every `...` line (a document marker
 * at column 0, followed by a space, a tab or the end of the line). The `yaml` package ends a
 * document at such a line wherever it appears, also inside block, quoted and flow scalars (the
 * YAML spec forbids document markers in them), so no document spans a cut. Undefined when the
 * stream has directives (`%YAML`, `%TAG`): they belong to the next document, which is not worth
 * modelling. Piece i is [starts[i], starts[i + 1]).
 */
export function documentChunks(text: string): number[] | undefined {
  const starts = [0];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 37 /* % */) return undefined;
    let next = text.indexOf('\n', i);
    next = next < 0 ? n : next + 1;
    if ((c === 45 /* - */ || c === 46) /* . */ && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c && isMarkerEnd(text.charCodeAt(i + 3))) {
      // After `...` only a comment may follow on its line; other text there runs into the next line.
      const cut = c === 45 ? i : /^[ \t]*(#.*)?\r?\n?$/.test(text.slice(i + 3, next)) ? next : -1;
      if (cut > starts[starts.length - 1] && cut < n) starts.push(cut);
    }
    i = next;
  }
  return starts;
}

/** What may follow `---` / `...` in a marker. Not the end of the text: inside a quoted scalar, `---` there does not end it. */
function isMarkerEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The documents of one piece of a stream, read alone, and whether that matches the stream. */
interface YamlPiece {
  docs: YamlDocument[];
  /**
   * A syntax error came before the piece's first document: in the stream the `yaml` package
   * counts such an error to the document before the piece (`---\n]` after a document), alone
   * to the piece's own.
   */
  errorBeforeFirstDocument: boolean;
  /**
   * A quoted scalar or a flow collection is still open at the piece's end: in the stream the
   * `yaml` package looks for the closing quote in the following documents (and, finding none,
   * runs the scalar to the end of the text, `---` lines included), and ends an open flow with an
   * error at the next `---`; alone, both just end with the piece.
   */
  openAtEnd: boolean;
}

/**
 * The stream read piece by piece, reusing the pieces of the last read; undefined when that would
 * not give exactly what a whole read gives (the cases YamlPiece describes, or directives).
 */
function readChunked(text: string, maxAliasCount: number, cache: YamlStreamCache): YamlDocument[] | undefined {
  const cuts = documentChunks(text);
  if (!cuts) return undefined;
  const previous = cache.maxAliasCount === maxAliasCount ? cache.chunks : new Map<string, YamlPiece>();
  const kept = new Map<string, YamlPiece>();
  const out: YamlDocument[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i];
    const chunk = text.slice(start, i + 1 < cuts.length ? cuts[i + 1] : text.length);
    let piece = kept.get(chunk) ?? previous.get(chunk);
    if (!piece) piece = readPiece(chunk, maxAliasCount);
    if ((i > 0 && piece.errorBeforeFirstDocument) || (i + 1 < cuts.length && piece.openAtEnd)) return undefined;
    kept.set(chunk, piece);
    for (const doc of piece.docs) out.push(start === 0 ? doc : shiftDocument(doc, start));
  }
  cache.chunks = kept;
  cache.maxAliasCount = maxAliasCount;
  cache.cuts = cuts;
  return out;
}

/** What `parseAllDocuments(piece)` gives, plus what the piece's cuts need to know (YamlPiece). */
function readPiece(piece: string, maxAliasCount: number): YamlPiece {
  // parseAllDocuments is Parser -> Composer (without prettyErrors nothing else happens); the
  // tokens between them tell whether an error comes before the first document.
  const parser = new Parser();
  const composer = new Composer(PARSE_OPTIONS);
  let documentSeen = false;
  let errorBeforeFirstDocument = false;
  function* watch(tokens: ReturnType<Parser['parse']>) {
    for (const token of tokens) {
      if (token.type === 'document') documentSeen = true;
      else if (!documentSeen && token.type === 'error') errorBeforeFirstDocument = true;
      yield token;
    }
  }
  const docs = Array.from(composer.compose(watch(parser.parse(piece)))) as Document.Parsed[];
  const lexer = new Lexer();
  let openAtEnd = false;
  let offset = 0;
  for (const lexeme of lexer.lex(piece)) {
    // Control lexemes (document start, scalar, flow error end) are not source text.
    if (lexeme === '\x02' || lexeme === '\x1f' || lexeme === '\x18') continue;
    offset += lexeme.length;
    if ((lexeme[0] === '"' || lexeme[0] === "'") && offset >= piece.length) openAtEnd = true;
  }
  // An open flow collection: at a `---` the stream's lexer ends it with an error token, alone the
  // piece just ends. (The lexer's own nesting count; if it ever goes missing, never cut.)
  if ((lexer as unknown as { flowLevel?: number }).flowLevel !== 0) openAtEnd = true;
  return { docs: toDocuments(docs, piece, maxAliasCount), errorBeforeFirstDocument, openAtEnd };
}

/** A document read from a chunk, moved to where the chunk starts in the stream (shared nodes stay shared). */
function shiftDocument(doc: YamlDocument, delta: number): YamlDocument {
  const copies = new Map<RawNode, RawNode>();
  const shift = (node: RawNode): RawNode => {
    let copy = copies.get(node);
    if (copy) return copy;
    if (node.kind === 'scalar') copy = { ...node, start: node.start + delta, end: node.end + delta };
    else if (node.kind === 'list') copy = { ...node, start: node.start + delta, end: node.end + delta, items: node.items.map(shift) };
    else {
      copy = {
        ...node,
        start: node.start + delta,
        end: node.end + delta,
        entries: node.entries.map((e) => ({ ...e, keyStart: e.keyStart + delta, keyEnd: e.keyEnd + delta, value: shift(e.value) })),
      };
    }
    copies.set(node, copy);
    return copy;
  };
  const errors = (list: RawSyntaxError[]) => list.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta }));
  return { value: doc.value && shift(doc.value), errors: errors(doc.errors), warnings: errors(doc.warnings) };
}

// uniqueKeys: false — a repeated key is reported as a warning by the reader instead of making
// the whole document unreadable.
const PARSE_OPTIONS: ParseOptions & { customTags: (ScalarTag | CollectionTag)[]; uniqueKeys: false } = {
  customTags: CUSTOM_TAGS,
  prettyErrors: false,
  keepSourceTokens: false,
  uniqueKeys: false,
};

function readStream(text: string, maxAliasCount: number): YamlDocument[] {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  // An empty stream gives an EmptyStream object (an array) rather than documents.
  return toDocuments(Array.isArray(docs) ? docs : [], text, maxAliasCount);
}

function toDocuments(list: Document.Parsed[], text: string, maxAliasCount: number): YamlDocument[] {
  const out: YamlDocument[] = [];
  for (const doc of list) {
    if (doc.errors.length) {
      out.push({
        value: undefined,
        errors: doc.errors.map((e) => ({ message: cleanMessage(e.message), start: e.pos[0], end: Math.max(e.pos[0], e.pos[1]) })),
        warnings: [],
      });
      continue;
    }
    const contents = doc.contents as YamlNode | null;
    if (!contents) {
      out.push({ value: undefined, errors: [], warnings: [] });
      continue;
    }
    const reader = new Reader(text, maxAliasCount);
    try {
      out.push({ value: reader.convert(contents, 0), errors: [], warnings: reader.warnings });
    } catch (error) {
      if (error instanceof ReadError) out.push({ value: undefined, errors: [{ message: error.message, start: error.start, end: error.end }], warnings: [] });
      else {
        const message = error instanceof RangeError ? 'YAML nested too deeply' : `YAML reader failure: ${error instanceof Error ? error.message : String(error)}`;
        const range = (contents as { range?: number[] }).range ?? [0, 0];
        out.push({ value: undefined, errors: [{ message, start: range[0], end: range[0] }], warnings: [] });
      }
    }
  }
  return out;
}

/**
 * Offset of the first line whose possible nesting depth exceeds `limit`, or undefined. The estimate
 * (indentation + compact `- `/`? ` indicators + open flow brackets) never undercounts block or
 * flow nesting, so what passes cannot recurse deeper than `limit` levels.
 */
export function findExcessiveNesting(text: string, limit: number): number | undefined {
  const n = text.length;
  let flow = 0;
  let i = 0;
  while (i < n) {
    const lineStart = i;
    let depth = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      depth++;
      i++;
    }
    // `- - - x` and `? ? x` nest without indentation.
    for (;;) {
      const c = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if ((c === 45 || c === 63) && (next === 32 || next === 9)) {
        depth++;
        i += 2;
        while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
      } else break;
    }
    if (depth + flow > limit) return lineStart;
    let quote = 0;
    let prev = 32;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      if (quote) {
        if (c === 92 && quote === 34) i++;
        else if (c === quote) quote = 0;
      } else if ((c === 34 || c === 39) && (prev === 32 || prev === 9 || prev === 91 || prev === 123 || prev === 44 || prev === 58)) quote = c;
      else if (c === 35 && (prev === 32 || prev === 9)) {
        while (i < n && text.charCodeAt(i) !== 10) i++;
        break;
      } else if (c === 91 || c === 123) {
        flow++;
        if (depth + flow > limit) return lineStart;
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
      prev = c;
    }
    i++;
  }
  return undefined;
}

/** The `yaml` package appends ` at line N, column M` (already given by our range). */
function cleanMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
}

class Reader {
  private readonly anchors = new Map<string, AnchorData>();
  readonly warnings: RawSyntaxError[] = [];
  /** Expansion weight of the node converted last (see AnchorData.weight). */
  private weight = 1;

  constructor(
    private readonly text: string,
    private readonly maxAliasCount: number,
  ) {}

  convert(node: YamlNode | Alias | null | undefined, depth: number, fallbackOffset = 0): RawNode {
    if (depth > MAX_DEPTH) throw new ReadError(`YAML nested deeper than ${MAX_DEPTH} levels`, fallbackOffset, fallbackOffset);
    if (node === null || node === undefined) {
      this.weight = 1;
      return { kind: 'scalar', value: null, start: fallbackOffset, end: fallbackOffset };
    }
    if (isAlias(node)) return this.alias(node);
    let raw: RawNode;
    if (isScalar(node)) raw = this.scalar(node);
    else if (isMap(node)) raw = this.map(node as YAMLMap<unknown, unknown>, depth);
    else if (isSeq(node)) raw = this.seq(node as YAMLSeq<unknown>, depth);
    else {
      const range = (node as { range?: number[] }).range ?? [fallbackOffset, fallbackOffset];
      this.weight = 1;
      raw = { kind: 'scalar', value: null, start: range[0], end: range[1] };
    }
    const tag = (node as { tag?: string }).tag;
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      raw.tag = tag;
      raw.start = this.tagStart(raw.start, tag);
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, { raw, count: 1, weight: this.weight });
    return raw;
  }

  private alias(node: Alias): RawNode {
    const range = node.range ?? [0, 0];
    const data = this.anchors.get(node.source);
    if (!data) throw new ReadError(`Unresolved alias *${node.source} (the anchor must be set before the alias)`, range[0], range[1]);
    if (this.maxAliasCount === 0) throw new ReadError('Aliases are not allowed (maxAliasCount is 0)', range[0], range[1]);
    data.count++;
    if (this.maxAliasCount > 0 && data.count * data.weight > this.maxAliasCount) {
      throw new ReadError(
        `Excessive YAML alias expansion (more than ${this.maxAliasCount}, via *${node.source}): possible resource exhaustion attack; not analysed`,
        range[0],
        range[1],
      );
    }
    this.weight = data.count * data.weight;
    // The node sits where the alias is written (`*name`); its content is shared with the anchor,
    // so nested values keep the ranges where they are defined.
    return { ...data.raw, start: range[0], end: range[1] } as RawNode;
  }

  private scalar(node: Scalar): RawScalar {
    const range = node.range ?? [0, 0, 0];
    let end = range[1];
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) end = this.trimEnd(range[0], end);
    this.weight = 1;
    return { kind: 'scalar', value: scalarValue(node), start: range[0], end };
  }

  private map(node: YAMLMap<unknown, unknown>, depth: number): RawMap {
    const range = node.range ?? [0, 0, 0];
    const own: RawEntry[] = [];
    let merged: RawEntry[] | undefined;
    let seen: Set<string> | undefined;
    let weight = 1;
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const keyNode = pair.key as YamlNode | null;
      let key: string;
      let keyStart: number;
      let keyEnd: number;
      if (keyNode && isScalar(keyNode)) {
        key = keyString(keyNode);
        keyStart = keyNode.range?.[0] ?? range[0];
        keyEnd = keyNode.range?.[1] ?? keyStart;
      } else if (keyNode && (keyNode as { range?: number[] }).range) {
        // A complex key (`? [a, b]`) is kept by its source text.
        const keyRange = (keyNode as { range: number[] }).range;
        keyStart = keyRange[0];
        keyEnd = this.trimEnd(keyRange[0], keyRange[1]);
        key = this.text.slice(keyStart, keyEnd);
      } else {
        key = '';
        keyStart = keyEnd = (pair.value as { range?: number[] } | null)?.range?.[0] ?? range[0];
      }
      const value = this.convert(pair.value as YamlNode | null, depth + 1, keyEnd);
      if (this.weight > weight) weight = this.weight;
      if (key === '<<' && keyNode && isScalar(keyNode) && keyNode.type === Scalar.PLAIN && !keyNode.tag) {
        merged = mergeSources(value, merged);
        continue;
      }
      // Linear for small maps, a set for big ones (a 10,000-key ConfigMap must stay linear time).
      if (seen === undefined && own.length >= 16) seen = new Set(own.map((e) => e.key));
      if (seen ? seen.has(key) : hasKey(own, key)) this.warnings.push({ message: `Duplicate key '${key}': the last one wins`, start: keyStart, end: keyEnd });
      seen?.add(key);
      own.push({ key, keyStart, keyEnd, value });
    }
    this.weight = weight;
    const entries = merged ? [...merged.filter((m) => !own.some((o) => o.key === m.key)), ...own] : own;
    const flow = !!node.flow;
    let end = range[1];
    if (!flow && own.length) end = own[own.length - 1].value.end > own[own.length - 1].keyEnd ? own[own.length - 1].value.end : own[own.length - 1].keyEnd;
    else if (!flow) end = this.trimEnd(range[0], end);
    return { kind: 'map', entries, start: range[0], end, flow };
  }

  private seq(node: YAMLSeq<unknown>, depth: number): RawList {
    const range = node.range ?? [0, 0, 0];
    const items: RawNode[] = [];
    let weight = 1;
    let offset = range[0];
    for (const item of node.items as (YamlNode | null)[]) {
      const raw = this.convert(item, depth + 1, offset);
      if (this.weight > weight) weight = this.weight;
      items.push(raw);
      offset = raw.end;
    }
    this.weight = weight;
    const flow = !!node.flow;
    const end = !flow && items.length ? items[items.length - 1].end : flow ? range[1] : this.trimEnd(range[0], range[1]);
    return { kind: 'list', items, start: range[0], end, flow };
  }

  /** Moves a node's start back over whitespace to its `!Tag`, so the node's text includes the tag. */
  private tagStart(start: number, tag: string): number {
    let p = start;
    while (p > 0 && isSpace(this.text.charCodeAt(p - 1))) p--;
    return this.text.startsWith(tag, p - tag.length) ? p - tag.length : start;
  }

  private trimEnd(start: number, end: number): number {
    while (end > start && isSpace(this.text.charCodeAt(end - 1))) end--;
    return end;
  }
}

/**
 * Entries brought in by `<<: *a` or `<<: [*a, *b]`. Earlier sources win over later ones, and the
 * map's own keys win over both; the returned order lets "last one wins" lookups respect that.
 */
function mergeSources(value: RawNode, previous: RawEntry[] | undefined): RawEntry[] {
  const sources = value.kind === 'list' ? value.items : [value];
  const out: RawEntry[] = [];
  for (let i = sources.length - 1; i >= 0; i--) {
    const source = sources[i];
    if (source.kind === 'map') out.push(...source.entries);
  }
  // A second `<<` key in the same map: its entries rank below the first one's.
  return previous ? [...out, ...previous] : out;
}

function hasKey(entries: RawEntry[], key: string): boolean {
  for (let i = 0; i < entries.length; i++) if (entries[i].key === key) return true;
  return false;
}

function scalarValue(node: Scalar): string | number | boolean | null {
  const value = node.value;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === undefined) return null;
  // !!binary, !!timestamp and the like: keep the text as written.
  return typeof node.source === 'string' ? node.source : String(value);
}

function keyString(node: Scalar): string {
  const value = node.value;
  if (value === null || value === undefined) return typeof node.source === 'string' ? node.source : '';
  if (typeof value === 'string') return value;
  // `80: http` or `true: x`: JavaScript object keys would be the same strings.
  return typeof node.source === 'string' && typeof value === 'object' ? node.source : String(value);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
