/**
 * Token kinds and the flat token stream shared by the HCL lexer and parser.
 *
 * Tokens live in parallel typed arrays rather than objects: a 5,000-line file has ~100k tokens and
 * the parser only needs indices into them, so this keeps the lexer allocation-free.
 *
 * Consumers copy the kinds they use into module-level constants (`const T_IDENT = Tok.IDENT`): run
 * unbundled (tsx, mocha), every `Tok.X` would otherwise be a getter call on the module exports, which
 * cost a fifth of the parse time.
 */

export enum Tok {
  EOF = 0,
  NEWLINE,
  IDENT,
  NUMBER,
  /** `"` opening a quoted template. */
  OQUOTE,
  /** `"` closing a quoted template (zero-width and SYNTHETIC when the string was never closed). */
  CQUOTE,
  /** A literal chunk inside a quoted template (escapes not yet decoded). */
  QLIT,
  /** A literal chunk inside a heredoc (one line at most, including its line break). */
  HLIT,
  /** `<<EOT` / `<<-EOT` including the line break that ends the introducer. */
  OHEREDOC,
  /** The closing marker line of a heredoc (without its line break). */
  CHEREDOC,
  /** `${` or `${~` */
  INTERP,
  /** `%{` or `%{~` */
  CONTROL,
  /** `}` or `~}` closing an interpolation or directive. */
  SEQEND,
  OBRACE,
  CBRACE,
  OBRACK,
  CBRACK,
  OPAREN,
  CPAREN,
  DOT,
  COMMA,
  STAR,
  SLASH,
  PERCENT,
  PLUS,
  MINUS,
  EQUAL,
  EQEQ,
  NOTEQ,
  LT,
  LTE,
  GT,
  GTE,
  AND,
  OR,
  BANG,
  QUESTION,
  COLON,
  DCOLON,
  ELLIPSIS,
  FATARROW,
  /** Characters the language does not use (`@`, `;`, `'`, NUL, ...), grouped per run. */
  INVALID,
}

/** Token flag bits. */
export enum TokFlag {
  /** Inserted by error recovery, not present in the source (zero width). */
  SYNTHETIC = 1,
  /** `${~`, `%{~` or `~}`: strip whitespace next to the sequence. */
  STRIP = 2,
  /** `<<-`: an indented ("flush") heredoc. */
  FLUSH = 4,
  /** A quoted literal chunk containing a backslash (needs escape decoding). */
  ESCAPE = 8,
}

export interface TokenStream {
  count: number;
  type: Uint8Array;
  flags: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** 0-based line of `start` / of `end`. */
  line: Int32Array;
  endLine: Int32Array;
}

export function tokenName(t: Tok): string {
  switch (t) {
    case Tok.EOF: return 'end of file';
    case Tok.NEWLINE: return 'newline';
    case Tok.IDENT: return 'identifier';
    case Tok.NUMBER: return 'number';
    case Tok.OQUOTE: case Tok.CQUOTE: return "'\"'";
    case Tok.QLIT: case Tok.HLIT: return 'string';
    case Tok.OHEREDOC: return 'heredoc';
    case Tok.CHEREDOC: return 'heredoc marker';
    case Tok.INTERP: return "'${'";
    case Tok.CONTROL: return "'%{'";
    case Tok.SEQEND: return "'}'";
    case Tok.OBRACE: return "'{'";
    case Tok.CBRACE: return "'}'";
    case Tok.OBRACK: return "'['";
    case Tok.CBRACK: return "']'";
    case Tok.OPAREN: return "'('";
    case Tok.CPAREN: return "')'";
    case Tok.DOT: return "'.'";
    case Tok.COMMA: return "','";
    case Tok.STAR: return "'*'";
    case Tok.SLASH: return "'/'";
    case Tok.PERCENT: return "'%'";
    case Tok.PLUS: return "'+'";
    case Tok.MINUS: return "'-'";
    case Tok.EQUAL: return "'='";
    case Tok.EQEQ: return "'=='";
    case Tok.NOTEQ: return "'!='";
    case Tok.LT: return "'<'";
    case Tok.LTE: return "'<='";
    case Tok.GT: return "'>'";
    case Tok.GTE: return "'>='";
    case Tok.AND: return "'&&'";
    case Tok.OR: return "'||'";
    case Tok.BANG: return "'!'";
    case Tok.QUESTION: return "'?'";
    case Tok.COLON: return "':'";
    case Tok.DCOLON: return "'::'";
    case Tok.ELLIPSIS: return "'...'";
    case Tok.FATARROW: return "'=>'";
    default: return 'invalid character';
  }
}
