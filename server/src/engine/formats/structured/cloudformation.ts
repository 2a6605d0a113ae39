/**
 * CloudFormation templates (YAML or JSON, already read into the raw tree) -> Resources.
 *
 * Intrinsic functions are evaluated as far as a template alone allows: `Ref` to a parameter with
 * a `Default` becomes that value (with an `origin` pointing at the default), `Fn::Sub` / `Fn::Join`
 * / `Fn::Select` / `Fn::Split` / `Fn::FindInMap` over known values become strings, and everything
 * else (`Fn::If`, `Fn::GetAtt`, refs to resources and pseudo parameters, ...) is an UnknownNode
 * whose `refs` name what it points at (`Resources.X`, `Parameters.X`, `AWS::Region`).
 */
import type { MapNode, ModelNode, NodeOrigin, Resource, UnknownNode } from '../../core/model';
import { setBodyHint } from './fix-hints';
import { rawEntry, rawGet, rawString } from './raw';
import type { RawMap, RawNode } from './raw';
import { emptyMap, mapToModel } from './to-model';
import type { ModelContext } from './to-model';

const RESOURCE_TYPE = /^(AWS|Alexa|Custom)::/;

/** Has `AWSTemplateFormatVersion`, or `Resources` with at least one `Type: AWS::...` entry. */
export function isCloudFormationTemplate(root: RawNode | undefined): root is RawMap {
  if (!root || root.kind !== 'map') return false;
  if (rawEntry(root, 'AWSTemplateFormatVersion')) return true;
  const resources = rawGet(root, 'Resources');
  if (!resources || resources.kind !== 'map') return false;
  for (const entry of resources.entries) {
    const type = rawString(rawGet(entry.value, 'Type'));
    if (type && RESOURCE_TYPE.test(type)) return true;
  }
  return false;
}

export interface CloudFormationContext {
  file: string;
  text: string;
  lines: ModelContext['lines'];
}

export function cloudFormationResources(root: RawMap, base: CloudFormationContext): Resource[] {
  const resourcesRaw = rawGet(root, 'Resources');
  if (!resourcesRaw || resourcesRaw.kind !== 'map') return [];
  const resolver = new IntrinsicResolver(root, resourcesRaw, base);
  const ctx: ModelContext = { ...base, intercept: (raw, c) => resolver.intercept(raw, c) };
  const out: Resource[] = [];
  for (const entry of resourcesRaw.entries) {
    const value = entry.value;
    if (value.kind !== 'map') continue;
    const type = rawString(rawGet(value, 'Type'));
    if (type === undefined) continue;
    const range = base.lines.range(entry.keyStart, value.end > entry.keyEnd ? value.end : entry.keyEnd);
    const headerRange = base.lines.range(entry.keyStart, entry.keyEnd);
    const body = resourceBody(value, ctx, range);
    if (!body) continue;
    const metadataRaw = rawGet(value, 'Metadata');
    const resource: Resource = {
      format: 'cloudformation',
      kind: 'resource',
      type,
      name: entry.key,
      address: `Resources.${entry.key}`,
      file: base.file,
      range,
      headerRange,
      body,
    };
    if (metadataRaw && metadataRaw.kind === 'map' && !resolver.intrinsicOf(metadataRaw)) {
      resource.metadata = withKey(mapToModel(metadataRaw, ctx), rawEntry(value, 'Metadata')!, base);
    }
    out.push(resource);
  }
  out.push(...cloudFormationParameters(root, ctx));
  return out;
}

/**
 * Parameters as `variable` entities (address `Parameters.<Name>`, type `AWS::CloudFormation::Parameter`,
 * body = the parameter's map), so a policy can read a literal Default even when no resource refers
 * to it (a hard-coded password left in a template). Policies see them only when they ask for
 * `kinds: ['variable']`.
 */
function cloudFormationParameters(root: RawMap, ctx: ModelContext): Resource[] {
  const params = rawGet(root, 'Parameters');
  if (!params || params.kind !== 'map') return [];
  const out: Resource[] = [];
  for (const entry of params.entries) {
    if (entry.value.kind !== 'map') continue;
    const range = ctx.lines.range(entry.keyStart, entry.value.end > entry.keyEnd ? entry.value.end : entry.keyEnd);
    out.push({
      format: 'cloudformation',
      kind: 'variable',
      type: 'AWS::CloudFormation::Parameter',
      name: entry.key,
      address: `Parameters.${entry.key}`,
      file: ctx.file,
      range,
      headerRange: ctx.lines.range(entry.keyStart, entry.keyEnd),
      body: withKey(mapToModel(entry.value, ctx), entry, ctx),
    });
  }
  return out;
}

/**
 * The resource's Properties as a map; an empty map (with a fix hint) when absent or empty.
 * Undefined when Properties is itself an intrinsic (`Properties: !If [...]`): its content is
 * unknown, and an empty body would make every "missing property" policy a false positive.
 */
function resourceBody(resourceRaw: RawMap, ctx: ModelContext, resourceRange: MapNode['range']): MapNode | undefined {
  const entry = rawEntry(resourceRaw, 'Properties');
  if (!entry) {
    const body = emptyMap(ctx.file, resourceRange);
    setBodyHint(body, { kind: 'absent-key', parent: shallowMap(resourceRaw, ctx), key: 'Properties' });
    return body;
  }
  const value = entry.value;
  if (value.kind === 'map' && !value.tag && !isIntrinsicMap(value)) return withKey(mapToModel(value, ctx), entry, ctx);
  if (value.kind === 'scalar' && value.value === null && !value.tag) {
    const keyRange = ctx.lines.range(entry.keyStart, entry.keyEnd);
    const body = emptyMap(ctx.file, ctx.lines.range(value.start, value.end));
    body.keyRange = keyRange;
    body.headerRange = keyRange;
    body.entryRange = { start: keyRange.start, end: keyRange.end };
    const placeholder: ModelNode = { kind: 'scalar', value: null, file: ctx.file, range: body.range, keyRange, entryRange: body.entryRange };
    setBodyHint(body, { kind: 'null-value', node: placeholder });
    return body;
  }
  return undefined;
}

function withKey(map: MapNode, entry: { keyStart: number; keyEnd: number; value: RawNode }, ctx: { lines: ModelContext['lines'] }): MapNode {
  const keyRange = ctx.lines.range(entry.keyStart, entry.keyEnd);
  map.keyRange = keyRange;
  map.headerRange = keyRange;
  map.entryRange = { start: keyRange.start, end: map.range.end };
  return map;
}

/** A map of the resource's own entries with their ranges only (what the fix builder needs). */
function shallowMap(raw: RawMap, ctx: ModelContext): MapNode {
  const entries = new Map<string, ModelNode>();
  for (const entry of raw.entries) {
    const keyRange = ctx.lines.range(entry.keyStart, entry.keyEnd);
    const range = ctx.lines.range(entry.value.start, entry.value.end);
    entries.set(entry.key, { kind: 'unknown', text: ctx.text.slice(entry.value.start, entry.value.end), file: ctx.file, range, keyRange, entryRange: { start: keyRange.start, end: range.end } });
  }
  return { kind: 'map', entries, file: ctx.file, range: ctx.lines.range(raw.start, raw.end) };
}

function isIntrinsicMap(raw: RawMap): boolean {
  if (raw.entries.length !== 1) return false;
  const key = raw.entries[0].key;
  return key === 'Ref' || key.startsWith('Fn::');
}

// ---- intrinsic evaluation ----

/** A statically evaluated value. */
type Value =
  | { k: 'scalar'; v: string | number | boolean | null; origin?: NodeOrigin }
  | { k: 'list'; items: Value[] }
  | { k: 'unknown'; refs: string[] };

const UNKNOWN_NO_REFS: Value = { k: 'unknown', refs: [] };

interface Parameter {
  name: string;
  defaultRaw?: RawNode;
  type?: string;
}

class IntrinsicResolver {
  private readonly parameters = new Map<string, Parameter>();
  private readonly resourceIds = new Set<string>();
  private readonly mappings: RawNode | undefined;

  constructor(
    root: RawMap,
    resources: RawMap,
    private readonly base: CloudFormationContext,
  ) {
    for (const entry of resources.entries) this.resourceIds.add(entry.key);
    const params = rawGet(root, 'Parameters');
    if (params && params.kind === 'map') {
      for (const entry of params.entries) {
        this.parameters.set(entry.key, { name: entry.key, defaultRaw: rawGet(entry.value, 'Default'), type: rawString(rawGet(entry.value, 'Type')) });
      }
    }
    this.mappings = rawGet(root, 'Mappings');
  }

  /** `{fn, arg}` when the node is an intrinsic function call (short tag or one-key long form). */
  intrinsicOf(raw: RawNode): { fn: string; arg: RawNode } | undefined {
    if (raw.tag) {
      const name = raw.tag.slice(1);
      const fn = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
      return { fn, arg: { ...raw, tag: undefined } as RawNode };
    }
    if (raw.kind === 'map' && isIntrinsicMap(raw)) return { fn: raw.entries[0].key, arg: raw.entries[0].value };
    return undefined;
  }

  intercept(raw: RawNode, ctx: ModelContext): ModelNode | undefined {
    if (!raw.tag && raw.kind !== 'map') return undefined;
    const call = this.intrinsicOf(raw);
    if (!call) return undefined;
    const value = this.call(call.fn, call.arg, 0);
    return this.toNode(value, raw, ctx);
  }

  private toNode(value: Value, raw: RawNode, ctx: ModelContext): ModelNode {
    const range = ctx.lines.range(raw.start, raw.end);
    switch (value.k) {
      case 'scalar': {
        const node: ModelNode = { kind: 'scalar', value: value.v, file: ctx.file, range };
        if (value.origin) node.origin = value.origin;
        return node;
      }
      case 'list':
        return { kind: 'list', items: value.items.map((item) => this.toNode(item, raw, ctx)), file: ctx.file, range };
      case 'unknown': {
        const node: UnknownNode = { kind: 'unknown', text: ctx.text.slice(raw.start, raw.end), file: ctx.file, range };
        if (value.refs.length) node.refs = value.refs;
        return node;
      }
    }
  }

  private evaluate(raw: RawNode, depth: number): Value {
    if (depth > 50) return UNKNOWN_NO_REFS;
    const call = raw.tag || raw.kind === 'map' ? this.intrinsicOf(raw) : undefined;
    if (call) return this.call(call.fn, call.arg, depth + 1);
    switch (raw.kind) {
      case 'scalar':
        return { k: 'scalar', v: raw.value };
      case 'list':
        return { k: 'list', items: raw.items.map((item) => this.evaluate(item, depth + 1)) };
      case 'map':
        return { k: 'unknown', refs: this.refsIn(raw, depth + 1) };
    }
  }

  private call(fn: string, arg: RawNode, depth: number): Value {
    switch (fn) {
      case 'Ref':
        return this.ref(arg);
      case 'Fn::GetAtt': {
        const target = arg.kind === 'scalar' && typeof arg.value === 'string' ? arg.value.split('.')[0] : arg.kind === 'list' ? rawString(arg.items[0]) : undefined;
        return { k: 'unknown', refs: target ? [this.address(target)] : this.refsIn(arg, depth) };
      }
      case 'Fn::Sub':
        return this.sub(arg, depth);
      case 'Fn::Join': {
        if (arg.kind !== 'list' || arg.items.length !== 2) return this.unknownOf(arg, depth);
        const delimiter = this.evaluate(arg.items[0], depth);
        const items = this.evaluate(arg.items[1], depth);
        if (delimiter.k !== 'scalar' || items.k !== 'list' || !items.items.every((i) => i.k === 'scalar')) return this.unknownOf(arg, depth);
        return { k: 'scalar', v: items.items.map((i) => scalarText((i as { v: unknown }).v)).join(scalarText(delimiter.v)) };
      }
      case 'Fn::Select': {
        if (arg.kind !== 'list' || arg.items.length !== 2) return this.unknownOf(arg, depth);
        const index = this.evaluate(arg.items[0], depth);
        const list = this.evaluate(arg.items[1], depth);
        const i = index.k === 'scalar' ? Number(index.v) : NaN;
        if (list.k !== 'list' || !Number.isInteger(i) || i < 0 || i >= list.items.length) return this.unknownOf(arg, depth);
        return list.items[i];
      }
      case 'Fn::Split': {
        if (arg.kind !== 'list' || arg.items.length !== 2) return this.unknownOf(arg, depth);
        const delimiter = this.evaluate(arg.items[0], depth);
        const source = this.evaluate(arg.items[1], depth);
        if (delimiter.k !== 'scalar' || source.k !== 'scalar' || typeof source.v !== 'string') return this.unknownOf(arg, depth);
        return { k: 'list', items: source.v.split(scalarText(delimiter.v)).map((v) => ({ k: 'scalar', v })) };
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg, depth);
      default:
        // Fn::If, conditions, Fn::Base64, Fn::ImportValue, Fn::GetAZs, Fn::Cidr, ... : unknown
        // statically, but keep what they point at so cross-resource links still work.
        return this.unknownOf(arg, depth);
    }
  }

  private ref(arg: RawNode): Value {
    const name = arg.kind === 'scalar' && typeof arg.value === 'string' ? arg.value : undefined;
    if (name === undefined) return UNKNOWN_NO_REFS;
    const param = this.parameters.get(name);
    if (param) {
      const fromDefault = this.parameterDefault(param);
      return fromDefault ?? { k: 'unknown', refs: [`Parameters.${name}`] };
    }
    return { k: 'unknown', refs: [this.address(name)] };
  }

  /** A parameter's Default as a value, unless the default is not the value (SSM parameter types). */
  private parameterDefault(param: Parameter): Value | undefined {
    const raw = param.defaultRaw;
    if (!raw || raw.tag || (param.type && param.type.startsWith('AWS::SSM::Parameter::Value'))) return undefined;
    const origin: NodeOrigin = { file: this.base.file, range: this.base.lines.range(raw.start, raw.end), via: `!Ref ${param.name} (default)` };
    const isList = !!param.type && (param.type === 'CommaDelimitedList' || param.type.startsWith('List<'));
    if (raw.kind === 'scalar') {
      if (isList && typeof raw.value === 'string') return { k: 'list', items: raw.value.split(',').map((v) => ({ k: 'scalar', v: v.trim(), origin })) };
      return { k: 'scalar', v: raw.value, origin };
    }
    if (raw.kind === 'list' && raw.items.every((i) => i.kind === 'scalar')) {
      return { k: 'list', items: raw.items.map((i) => ({ k: 'scalar', v: (i as { value: string | number | boolean | null }).value, origin })) };
    }
    return undefined;
  }

  /** The address a logical name refers to: a resource, a parameter or a pseudo parameter. */
  private address(name: string): string {
    if (this.resourceIds.has(name)) return `Resources.${name}`;
    if (this.parameters.has(name)) return `Parameters.${name}`;
    return name;
  }

  private sub(arg: RawNode, depth: number): Value {
    let template: string | undefined;
    let variables: RawNode | undefined;
    if (arg.kind === 'scalar' && typeof arg.value === 'string') template = arg.value;
    else if (arg.kind === 'list' && arg.items.length >= 1) {
      template = rawString(arg.items[0]);
      variables = arg.items[1];
    }
    if (template === undefined) return this.unknownOf(arg, depth);
    const refs: string[] = [];
    let known = true;
    const result = template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
      const name = inner.trim();
      const variable = variables ? rawGet(variables, name) : undefined;
      let value: Value;
      if (variable) value = this.evaluate(variable, depth + 1);
      else if (name.includes('.')) value = { k: 'unknown', refs: [this.address(name.split('.')[0])] };
      else value = this.ref({ kind: 'scalar', value: name, start: 0, end: 0 });
      if (value.k === 'scalar') return scalarText(value.v);
      known = false;
      if (value.k === 'unknown') refs.push(...value.refs);
      return whole;
    });
    if (known) return { k: 'scalar', v: result };
    return { k: 'unknown', refs: unique(refs) };
  }

  private findInMap(arg: RawNode, depth: number): Value {
    if (arg.kind !== 'list' || arg.items.length < 3) return this.unknownOf(arg, depth);
    let node: RawNode | undefined = this.mappings;
    for (const step of arg.items.slice(0, 3)) {
      const key = this.evaluate(step, depth);
      if (key.k !== 'scalar' || !node) return this.unknownOf(arg, depth);
      node = rawGet(node, scalarText(key.v));
    }
    if (!node || node.tag) return this.unknownOf(arg, depth);
    if (node.kind === 'scalar') {
      return { k: 'scalar', v: node.value, origin: { file: this.base.file, range: this.base.lines.range(node.start, node.end), via: `Fn::FindInMap (Mappings)` } };
    }
    return this.evaluate(node, depth + 1);
  }

  private unknownOf(arg: RawNode, depth: number): Value {
    return { k: 'unknown', refs: this.refsIn(arg, depth) };
  }

  /** Every resource / parameter / pseudo parameter referred to anywhere inside `raw`. */
  private refsIn(raw: RawNode, depth: number): string[] {
    const out = new Set<string>();
    const visit = (node: RawNode, d: number): void => {
      if (d > 50) return;
      const call = node.tag || node.kind === 'map' ? this.intrinsicOf(node) : undefined;
      if (call && (call.fn === 'Ref' || call.fn === 'Fn::GetAtt' || call.fn === 'Fn::Sub')) {
        const value = this.call(call.fn, call.arg, d + 1);
        if (value.k === 'unknown') for (const ref of value.refs) out.add(ref);
        if (call.fn !== 'Fn::Sub' || call.arg.kind !== 'list') return;
        visit(call.arg, d + 1);
        return;
      }
      if (call) {
        visit(call.arg, d + 1);
        return;
      }
      if (node.kind === 'list') for (const item of node.items) visit(item, d + 1);
      else if (node.kind === 'map') for (const entry of node.entries) visit(entry.value, d + 1);
    };
    visit(raw, depth);
    return [...out];
  }
}

function scalarText(value: string | number | boolean | null | unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
