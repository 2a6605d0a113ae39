/**
 * One Terraform module (a directory) -> entities (Resources) and the lazy resolution of
 * `var.*`, `local.*` and `module.*.*` values.
 *
 * Variable values follow Terraform's automatic loading for the root module: `*.auto.tfvars(.json)`
 * in lexical order (later wins) over `terraform.tfvars(.json)` over the `default`. Other `.tfvars`
 * files are only used with `-var-file`, so a variable one of them sets to a different value is
 * unknown (it depends on the command line). A called local module gets its variables from the
 * call's arguments (resolved in the caller) and ignores tfvars files in its directory.
 *
 * Addresses: `aws_s3_bucket.b`, `data.t.n`, `module.m`, `provider.aws` (`provider.aws.<alias>`),
 * `var.x`, `output.o`, `locals`, `terraform`, all prefixed with `module.<name>.` inside a called
 * module. Resources with `count` / `for_each` keep their base address (`aws_instance.web`): the
 * instances are not expanded, and values depending on `count.index` / `each.*` stay unknown.
 */
import { posixPath } from '../../core/host';
import type { EntityKind, MapNode, ModelNode, Resource } from '../../core/model';
import type { SourceRange } from '../../core/range';
import type { HclAttribute, HclBlock, HclBody, HclExpression } from '../../parsers/hcl/ast';
import { ExpressionConverter, type Resolution, type Resolver } from './expressions';
import { baseName, tfvarsRole, type TerraformFileParse } from './files';
import { sameValue, unknownNode, type FileCtx } from './nodes';

export const MAX_MODULE_DEPTH = 10;

/** Module-call arguments that are not inputs. */
const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** A Map, not an object literal: a block named `constructor` must not find Object's. */
const ENTITY_KINDS = new Map<string, EntityKind>(
  (['resource', 'data', 'module', 'provider', 'variable', 'output', 'locals', 'terraform'] as const).map((k) => [k, k]),
);

interface Declared<T> {
  file: FileCtx;
  item: T;
}

export interface ModuleOptions {
  dir: string;
  files: TerraformFileParse[];
  filesOf(dir: string): TerraformFileParse[] | undefined;
  /** Address prefix: '' for the root, `module.x.` for a call. */
  prefix?: string;
  /** For a called module: the call's argument for a variable, converted in the caller. */
  input?: (name: string) => ModelNode | undefined;
  /** The call's name, for `via` texts. */
  callName?: string;
  /** Directories on the call stack (cycle guard). */
  stack?: string[];
}

/** A module's files' top-level syntax, sorted into what resolution needs. */
export class TerraformModule implements Resolver {
  readonly prefix: string;
  private readonly converter: ExpressionConverter;
  private readonly blocks: Declared<HclBlock>[] = [];
  private readonly variables = new Map<string, Declared<HclBlock>>();
  private readonly locals = new Map<string, Declared<HclAttribute>>();
  private readonly outputs = new Map<string, Declared<HclBlock>>();
  private readonly calls = new Map<string, Declared<HclBlock>>();
  private readonly resourceTypes = new Set<string>();
  /** tfvars assignments by variable, in increasing precedence. */
  private readonly assignments = new Map<string, { file: FileCtx; attr: HclAttribute; automatic: boolean }[]>();
  private readonly variableMemo: Memo = new Map();
  private readonly localMemo: Memo = new Map();
  private readonly outputMemo: Memo = new Map();
  private readonly moduleOutputMemo = new Map<string, Memo>();
  private readonly children = new Map<string, TerraformModule | undefined>();

  constructor(private readonly options: ModuleOptions) {
    this.prefix = options.prefix ?? '';
    this.converter = new ExpressionConverter(this);
    const tfvars: { file: FileCtx; body: HclBody; role: ReturnType<typeof tfvarsRole> }[] = [];
    for (const parse of options.files) {
      const body = parse.hcl?.body ?? parse.json?.body;
      if (!body) continue;
      const file: FileCtx = { path: parse.path, text: parse.text, json: parse.json !== undefined };
      if (parse.kind === 'tfvars' || parse.kind === 'tfvars.json') {
        if (!options.input) tfvars.push({ file, body, role: tfvarsRole(parse.path) });
        continue;
      }
      for (const item of body.items) if (item.type === 'block') this.declare(file, item);
    }
    this.collectAssignments(tfvars);
  }

  private declare(file: FileCtx, block: HclBlock): void {
    if (!ENTITY_KINDS.has(block.blockType)) return;
    this.blocks.push({ file, item: block });
    const name = block.labels[0]?.value;
    switch (block.blockType) {
      case 'resource':
        if (name !== undefined) this.resourceTypes.add(name);
        break;
      case 'variable':
        if (name !== undefined && !this.variables.has(name)) this.variables.set(name, { file, item: block });
        break;
      case 'output':
        if (name !== undefined && !this.outputs.has(name)) this.outputs.set(name, { file, item: block });
        break;
      case 'module':
        if (name !== undefined && !this.calls.has(name)) this.calls.set(name, { file, item: block });
        break;
      case 'locals':
        for (const item of block.body.items) {
          if (item.type === 'attribute' && !this.locals.has(item.name)) this.locals.set(item.name, { file, item });
        }
        break;
    }
  }

  private collectAssignments(tfvars: { file: FileCtx; body: HclBody; role: ReturnType<typeof tfvarsRole> }[]): void {
    // Terraform loads terraform.tfvars, then terraform.tfvars.json, then *.auto.tfvars(.json) by name.
    const rank = (t: (typeof tfvars)[number]) => (t.role === 'terraform' ? (t.file.path.toLowerCase().endsWith('.json') ? 1 : 0) : 2);
    const automatic = tfvars
      .filter((t) => t.role !== 'explicit')
      .sort((a, b) => rank(a) - rank(b) || compareNames(baseName(a.file.path), baseName(b.file.path)));
    const explicit = tfvars.filter((t) => t.role === 'explicit');
    for (const { file, body, role } of [...automatic, ...explicit]) {
      for (const item of body.items) {
        if (item.type !== 'attribute') continue;
        const list = this.assignments.get(item.name) ?? [];
        list.push({ file, attr: item, automatic: role !== 'explicit' });
        this.assignments.set(item.name, list);
      }
    }
  }

  // ------------------------------------------------------------------ Resolver

  isResourceType(name: string): boolean {
    return this.resourceTypes.has(name);
  }

  variable(name: string): Resolution | undefined {
    return this.memoized(this.variableMemo, name, this.computeVariable);
  }

  local(name: string): Resolution | undefined {
    return this.memoized(this.localMemo, name, this.computeLocal);
  }

  moduleOutput(module: string, output: string): Resolution | undefined {
    let memo = this.moduleOutputMemo.get(module);
    if (!memo) this.moduleOutputMemo.set(module, (memo = new Map()));
    return this.memoized(memo, output, (name) => this.computeModuleOutput(module, name));
  }

  private computeLocal = (name: string): Resolution | undefined => {
    const declared = this.locals.get(name);
    if (!declared) return undefined;
    return { node: this.converter.convert(declared.item.value, declared.file), via: `local.${name}` };
  };

  private computeModuleOutput(module: string, output: string): Resolution | undefined {
    const call = this.calls.get(module);
    // With count / for_each the module's outputs are per instance: not one known value.
    if (!call || attribute(call.item.body, 'count') || attribute(call.item.body, 'for_each')) return undefined;
    const child = this.child(module);
    const resolution = child?.outputValue(output);
    return resolution ? { node: resolution.node, via: `module.${module}.${output}` } : undefined;
  }

  private outputValue(name: string): Resolution | undefined {
    return this.memoized(this.outputMemo, name, this.computeOutput);
  }

  private computeOutput = (name: string): Resolution | undefined => {
    const declared = this.outputs.get(name);
    const value = declared && attribute(declared.item.body, 'value');
    return value ? { node: this.converter.convert(value.value, declared.file), via: `output.${name}` } : undefined;
  };

  private computeVariable = (name: string): Resolution | undefined => {
    const declared = this.variables.get(name);
    if (!declared) return undefined;
    const label = `var.${name}`;
    if (this.options.input) {
      const input = this.options.input(name);
      if (input) return { node: input, via: `${label} (module.${this.options.callName} input)` };
    } else {
      const assigned = this.assignments.get(name) ?? [];
      const automatic = assigned.filter((a) => a.automatic);
      const chosen = automatic[automatic.length - 1];
      let resolution: Resolution | undefined;
      if (chosen) resolution = { node: this.converter.convert(chosen.attr.value, chosen.file), via: `${label} (${baseName(chosen.file.path)})` };
      else resolution = this.defaultOf(declared, label);
      // A -var-file may override it: known only if every such file agrees with the automatic value.
      for (const other of assigned) {
        if (other.automatic) continue;
        const value = this.converter.convert(other.attr.value, other.file);
        if (!resolution || !sameValue(resolution.node, value)) {
          return { node: unknownNode(declared.file, declared.item.range, [], label), via: label };
        }
      }
      return resolution;
    }
    return this.defaultOf(declared, label);
  };

  private defaultOf(declared: Declared<HclBlock>, label: string): Resolution | undefined {
    const value = attribute(declared.item.body, 'default');
    return value ? { node: this.converter.convert(value.value, declared.file), via: `${label} (default)` } : undefined;
  }

  /** Memoized, cycle-safe evaluation: a value that depends on itself is unknown. */
  private memoized(memo: Memo, key: string, compute: (key: string) => Resolution | undefined): Resolution | undefined {
    const known = memo.get(key);
    if (known !== undefined || memo.has(key)) return known === IN_PROGRESS ? undefined : known;
    memo.set(key, IN_PROGRESS);
    const value = compute(key);
    memo.set(key, value);
    return value;
  }

  // ------------------------------------------------------------------ local modules

  /** The directory of a local module call (`./x`, `../x`), or undefined for registry/git sources. */
  callDirectory(block: HclBlock): string | undefined {
    return localSourceDir(this.options.dir, block);
  }

  private child(name: string): TerraformModule | undefined {
    if (this.children.has(name)) return this.children.get(name);
    this.children.set(name, undefined);
    const call = this.calls.get(name);
    const dir = call && this.callDirectory(call.item);
    const stack = this.options.stack ?? [this.options.dir];
    const files = dir !== undefined && !stack.includes(dir) && stack.length <= MAX_MODULE_DEPTH ? this.options.filesOf(dir) : undefined;
    if (!call || dir === undefined || !files) return undefined;
    const inputs = new Map<string, HclAttribute>();
    for (const item of call.item.body.items) {
      if (item.type === 'attribute' && !MODULE_META_ARGUMENTS.has(item.name)) inputs.set(item.name, item);
    }
    const converted = new Map<string, ModelNode>();
    const child = new TerraformModule({
      dir,
      files,
      filesOf: this.options.filesOf,
      prefix: `${this.prefix}module.${name}.`,
      callName: name,
      stack: [...stack, dir],
      input: (variable) => {
        const attr = inputs.get(variable);
        if (!attr) return undefined;
        let node = converted.get(variable);
        if (!node) {
          node = this.converter.convert(attr.value, call.file);
          converted.set(variable, node);
        }
        return node;
      },
    });
    this.children.set(name, child);
    return child;
  }

  // ------------------------------------------------------------------ entities

  /** Every entity of this module and, recursively, of the local modules it calls. */
  entities(out: Resource[] = []): Resource[] {
    for (const { file, item } of this.blocks) {
      const entity = this.entity(file, item);
      if (entity) out.push(entity);
    }
    for (const name of this.calls.keys()) this.child(name)?.entities(out);
    return out;
  }

  private entity(file: FileCtx, block: HclBlock): Resource | undefined {
    const kind = ENTITY_KINDS.get(block.blockType)!;
    const labels = block.labels.map((l) => l.value);
    let type: string;
    let name: string;
    let address: string;
    switch (kind) {
      case 'resource':
      case 'data':
        if (labels.length < 2) return undefined;
        [type, name] = labels;
        address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        break;
      case 'module':
      case 'variable':
      case 'output': {
        if (labels.length < 1) return undefined;
        type = kind;
        name = labels[0];
        address = `${kind === 'variable' ? 'var' : kind}.${name}`;
        break;
      }
      case 'provider': {
        if (labels.length < 1) return undefined;
        type = name = labels[0];
        const alias = literalString(attribute(block.body, 'alias')?.value);
        address = alias !== undefined ? `provider.${name}.${alias}` : `provider.${name}`;
        break;
      }
      default:
        type = name = address = block.blockType;
    }
    // The body is converted on first read: a policy looks at few resource types, and in an editor
    // the model is rebuilt on every keystroke (a module tree can hold thousands of blocks).
    let body: MapNode | undefined;
    const module = this;
    return {
      format: 'terraform',
      kind,
      type,
      name,
      address: this.prefix + address,
      file: file.path,
      range: block.range,
      headerRange: headerRangeOf(block),
      get body(): MapNode {
        return (body ??= module.blockBody(block, file));
      },
      set body(value: MapNode) {
        body = value;
      },
    };
  }

  /** A block body as a map; nested blocks are lists of maps (even when written once). */
  private blockBody(block: HclBlock, file: FileCtx): MapNode {
    const entries = new Map<string, ModelNode>();
    let dynamicBlocks: string[] | undefined;
    for (const item of block.body.items) {
      if (item.type === 'attribute') {
        if (entries.has(item.name)) continue;
        const value = this.converter.convert(item.value, file);
        value.keyRange = item.nameRange;
        value.entryRange = item.range;
        entries.set(item.name, value);
      } else if (item.blockType === 'dynamic') {
        const label = item.labels[0]?.value;
        if (label !== undefined) (dynamicBlocks ??= []).push(label);
      } else {
        const child = this.blockBody(item, file);
        child.keyRange = item.typeRange;
        child.entryRange = item.range;
        const existing = entries.get(item.blockType);
        if (existing) {
          // Only a list of block maps (not an attribute of the same name) takes more blocks.
          if (existing.kind !== 'list' || !(existing.items[0] as MapNode | undefined)?.isBlock) continue;
          existing.items.push(child);
          existing.range = { start: existing.range.start, end: item.range.end };
        } else {
          entries.set(item.blockType, { kind: 'list', file: file.path, range: item.range, keyRange: item.typeRange, items: [child] });
        }
      }
    }
    const body: MapNode = { kind: 'map', file: file.path, range: file.json ? block.body.range : block.range, headerRange: headerRangeOf(block), isBlock: true, entries };
    if (dynamicBlocks) body.dynamicBlocks = dynamicBlocks;
    return body;
  }
}

const IN_PROGRESS = Symbol('in progress');
type Memo = Map<string, Resolution | undefined | typeof IN_PROGRESS>;

/** From the block type to the end of its last label. */
function headerRangeOf(block: HclBlock): SourceRange {
  const lastLabel = block.labels[block.labels.length - 1];
  return lastLabel ? { start: block.typeRange.start, end: lastLabel.range.end } : block.typeRange;
}

/** Terraform sorts tfvars files by name byte-wise. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function attribute(body: HclBody, name: string): HclAttribute | undefined {
  for (const item of body.items) if (item.type === 'attribute' && item.name === name) return item;
  return undefined;
}

/** A literal string expression's value (a quoted string without interpolation). */
export function literalString(expr: HclExpression | undefined): string | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr.kind === 'template' && expr.parts.every((p) => p.kind === 'text')) return expr.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
  return undefined;
}

/** `source = "./x"` / `"../x"` resolved against the calling module's directory. */
export function localSourceDir(dir: string, block: HclBlock): string | undefined {
  const source = literalString(attribute(block.body, 'source')?.value);
  if (source === undefined || !(source.startsWith('./') || source.startsWith('../'))) return undefined;
  return posixPath.join(dir, source);
}
