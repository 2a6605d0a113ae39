/**
 * Reads what Terraform says is deployed, from its documented JSON formats (no terraform binary):
 *
 * - a raw `.tfstate` (state format version 4: `resources[]` with `mode/type/name/module/instances[]`,
 *   each instance with `index_key`, `attributes` or the legacy `attributes_flat`, `sensitive_attributes`);
 * - `terraform show -json` of a state (`values.root_module.resources[]` and nested `child_modules`);
 * - `terraform show -json <planfile>` (`prior_state`, `resource_drift[]`, `resource_changes[]`),
 *   including Terraform Cloud's redacted plan JSON, which has the same change arrays.
 *
 * Nothing here throws: malformed input comes back as `{ error }` with a message a user can act on.
 * Sensitive values are replaced by SENSITIVE at read time, so they never reach a report, and the
 * comparison treats them like unknown values (never reported as changed).
 */
import { baseAddress, resourceAddress, withModule, type InstanceKey } from './address';

export const SENSITIVE = '(sensitive)';

export type StateSource = 'tfstate' | 'state-json' | 'plan-json';
export type ResourceMode = 'managed' | 'data';

export interface StateInstance {
  /** Full instance address: `module.x.aws_instance.web[0]`. */
  address: string;
  /** Without instance keys, as code resources are addressed: `module.x.aws_instance.web`. */
  baseAddress: string;
  mode: ResourceMode;
  type: string;
  name: string;
  indexKey?: InstanceKey;
  /** Attribute values (sensitive ones replaced by SENSITIVE). */
  values: Record<string, unknown>;
}

/** A resource change from a plan: `resource_drift` (found on refresh) or `resource_changes`. */
export interface StateChange {
  address: string;
  baseAddress: string;
  mode: ResourceMode;
  type: string;
  name: string;
  /** `["update"]`, `["delete","create"]`, `["no-op"]`, ... */
  actions: string[];
  /** Values before and after (null when the object does not exist on that side; sensitive masked). */
  before: unknown;
  after: unknown;
}

export interface TerraformState {
  source: StateSource;
  terraformVersion?: string;
  /** The deployed instances (for a plan: its prior state, when it has one). */
  instances: StateInstance[];
  /** Plans only: changes made outside Terraform, found on refresh. */
  drift: StateChange[];
  /** Plans only: what applying the plan would do (no-op included). */
  changes: StateChange[];
  /** A plan without `prior_state` (older formats, redacted plans): presence cannot be compared. */
  hasInstances: boolean;
}

export type ReadResult = { state: TerraformState; error?: undefined } | { state?: undefined; error: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a file's text, then reads it. An empty (0-byte) file is an empty state, as Terraform treats it. */
export function parseTerraformStateText(text: string): ReadResult {
  if (!text.trim()) return { state: emptyState('tfstate') };
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return readTerraformState(json);
}

export function readTerraformState(json: unknown): ReadResult {
  try {
    if (!isObject(json)) return { error: `expected a JSON object (a .tfstate, or the output of "terraform show -json"), got ${describe(json)}` };
    if ('version' in json && !('format_version' in json)) return readRawState(json);
    if (isPlan(json)) return readPlan(json);
    if ('format_version' in json) return readShowState(json);
    return { error: 'not a Terraform state or plan: expected a .tfstate ("version": 4) or "terraform show -json" output ("format_version")' };
  } catch (error) {
    // A shape we did not anticipate deep inside: still an answer, never an exception.
    return { error: `unreadable Terraform JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

function emptyState(source: StateSource): TerraformState {
  return { source, instances: [], drift: [], changes: [], hasInstances: true };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function isPlan(json: Json): boolean {
  return ['planned_values', 'resource_changes', 'resource_drift', 'prior_state', 'plan_format_version'].some((k) => k in json);
}

function version(json: Json, key: string): string | undefined {
  return typeof json[key] === 'string' ? (json[key] as string) : undefined;
}

// ---------------------------------------------------------------- raw .tfstate (v4)

function readRawState(json: Json): ReadResult {
  const v = json.version;
  if (v !== 4) {
    if (typeof v === 'number' && v < 4) return { error: `state format version ${v} is not supported: only version 4 (Terraform 0.12 and later) is read` };
    return { error: `unknown state format version ${JSON.stringify(v)}: expected 4` };
  }
  const resources = json.resources ?? [];
  if (!Array.isArray(resources)) return { error: 'corrupt state: "resources" is not an array' };
  const state = emptyState('tfstate');
  state.terraformVersion = version(json, 'terraform_version');
  for (const [i, resource] of resources.entries()) {
    if (!isObject(resource)) return { error: `corrupt state: resources[${i}] is not an object` };
    const { type, name } = resource;
    const mode = resource.mode ?? 'managed';
    if (typeof type !== 'string' || typeof name !== 'string' || (mode !== 'managed' && mode !== 'data')) {
      return { error: `corrupt state: resources[${i}] lacks a valid mode, type or name` };
    }
    const module = typeof resource.module === 'string' ? resource.module : '';
    const instances = resource.instances ?? [];
    if (!Array.isArray(instances)) return { error: `corrupt state: resources[${i}].instances is not an array` };
    for (const instance of instances) {
      if (!isObject(instance)) return { error: `corrupt state: an instance of resources[${i}] is not an object` };
      // A deposed object is an old copy awaiting destruction (create_before_destroy), not the live one.
      if (instance.deposed !== undefined) continue;
      const key = instance.index_key;
      const indexKey = typeof key === 'number' || typeof key === 'string' ? key : undefined;
      const address = withModule(module, resourceAddress(mode, type, name, indexKey));
      const values = isObject(instance.attributes) ? instance.attributes : isObject(instance.attributes_flat) ? unflatten(instance.attributes_flat) : {};
      state.instances.push({
        address,
        baseAddress: baseAddress(address),
        mode,
        type,
        name,
        ...(indexKey !== undefined ? { indexKey } : {}),
        values: maskPaths(values, instance.sensitive_attributes),
      });
    }
  }
  return { state };
}

/**
 * Legacy flatmap attributes (`"triggers.%": "1"`, `"triggers.whaaat": "0,1"`): top-level scalars
 * are kept; nested ones are dropped because a flatmap cannot tell a list from a map, and an absent
 * attribute is never compared.
 */
function unflatten(flat: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(flat)) if (!key.includes('.')) out[key] = value;
  return out;
}

/** `sensitive_attributes`: a list of paths, each a list of steps `{type: "get_attr"|"index", value}`. */
function maskPaths(values: Json, paths: unknown): Json {
  if (!Array.isArray(paths) || !paths.length) return values;
  const copy = structuredCloneJson(values) as Json;
  for (const path of paths) {
    const steps = Array.isArray(path) ? path : isObject(path) && Array.isArray(path.path) ? path.path : undefined;
    if (!steps?.length) continue;
    let parent: unknown = copy;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      const key = isObject(step) ? step.value : undefined;
      if (typeof key !== 'string' && typeof key !== 'number') break;
      const last = s === steps.length - 1;
      if (Array.isArray(parent) && typeof key === 'number' && key < parent.length) {
        if (last) parent[key] = SENSITIVE;
        else parent = parent[key];
      } else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, String(key))) {
        if (last) parent[String(key)] = SENSITIVE;
        else parent = parent[String(key)];
      } else break;
    }
  }
  return copy;
}

function structuredCloneJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}

/**
 * `sensitive_values` / `before_sensitive` / `after_sensitive`: a mirror of the value with `true`
 * where it is sensitive (`true` alone: the whole value).
 */
export function maskMirror(value: unknown, mirror: unknown): unknown {
  if (mirror === true) return value === null || value === undefined ? value : SENSITIVE;
  if (Array.isArray(value) && Array.isArray(mirror)) return value.map((v, i) => maskMirror(v, mirror[i]));
  if (isObject(value) && isObject(mirror)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = k in mirror ? maskMirror(v, mirror[k]) : v;
    return out;
  }
  return value;
}

// ---------------------------------------------------------------- terraform show -json (state)

function readShowState(json: Json): ReadResult {
  const state = emptyState('state-json');
  state.terraformVersion = version(json, 'terraform_version');
  const values = json.values;
  if (values === undefined || values === null) return { state };
  if (!isObject(values)) return { error: 'corrupt state JSON: "values" is not an object' };
  const error = collectModule(values.root_module, '', state.instances, 'values.root_module');
  return error ? { error } : { state };
}

/** Walks `root_module` and its `child_modules`, appending their resource instances. */
function collectModule(module: unknown, moduleAddress: string, out: StateInstance[], where: string): string | undefined {
  if (module === undefined || module === null) return undefined;
  if (!isObject(module)) return `corrupt state JSON: ${where} is not an object`;
  const resources = module.resources ?? [];
  if (!Array.isArray(resources)) return `corrupt state JSON: ${where}.resources is not an array`;
  const prefix = typeof module.address === 'string' ? module.address : moduleAddress;
  for (const [i, resource] of resources.entries()) {
    if (!isObject(resource)) return `corrupt state JSON: ${where}.resources[${i}] is not an object`;
    const { type, name } = resource;
    const mode = resource.mode ?? 'managed';
    if (typeof type !== 'string' || typeof name !== 'string' || (mode !== 'managed' && mode !== 'data')) {
      return `corrupt state JSON: ${where}.resources[${i}] lacks a valid mode, type or name`;
    }
    const index = resource.index;
    const indexKey = typeof index === 'number' || typeof index === 'string' ? index : undefined;
    const address = typeof resource.address === 'string' ? resource.address : withModule(prefix, resourceAddress(mode, type, name, indexKey));
    const values = isObject(resource.values) ? resource.values : {};
    out.push({
      address,
      baseAddress: baseAddress(address),
      mode,
      type,
      name,
      ...(indexKey !== undefined ? { indexKey } : {}),
      values: maskMirror(values, resource.sensitive_values) as Json,
    });
  }
  const children = module.child_modules ?? [];
  if (!Array.isArray(children)) return `corrupt state JSON: ${where}.child_modules is not an array`;
  for (const [i, child] of children.entries()) {
    const error = collectModule(child, prefix, out, `${where}.child_modules[${i}]`);
    if (error) return error;
  }
  return undefined;
}

// ---------------------------------------------------------------- terraform show -json <planfile>

function readPlan(json: Json): ReadResult {
  const state = emptyState('plan-json');
  state.terraformVersion = version(json, 'terraform_version');
  const prior = json.prior_state;
  if (isObject(prior)) {
    const values = prior.values;
    if (values !== undefined && values !== null && !isObject(values)) return { error: 'corrupt plan JSON: "prior_state.values" is not an object' };
    const error = isObject(values) ? collectModule(values.root_module, '', state.instances, 'prior_state.values.root_module') : undefined;
    if (error) return { error };
  } else if (prior !== undefined && prior !== null) {
    return { error: 'corrupt plan JSON: "prior_state" is not an object' };
  } else {
    state.hasInstances = false;
  }
  for (const key of ['resource_drift', 'resource_changes'] as const) {
    const list = json[key] ?? [];
    if (!Array.isArray(list)) return { error: `corrupt plan JSON: "${key}" is not an array` };
    for (const [i, entry] of list.entries()) {
      const change = readChange(entry);
      if (!change) return { error: `corrupt plan JSON: ${key}[${i}] lacks an address, mode, type, name or change.actions` };
      (key === 'resource_drift' ? state.drift : state.changes).push(change);
    }
  }
  return { state };
}

function readChange(entry: unknown): StateChange | undefined {
  if (!isObject(entry) || !isObject(entry.change)) return undefined;
  const { address, type, name } = entry;
  const mode = entry.mode ?? 'managed';
  const actions = entry.change.actions;
  if (typeof address !== 'string' || typeof type !== 'string' || typeof name !== 'string' || (mode !== 'managed' && mode !== 'data')) return undefined;
  if (!Array.isArray(actions) || !actions.every((a) => typeof a === 'string')) return undefined;
  return {
    address,
    baseAddress: baseAddress(address),
    mode,
    type,
    name,
    actions: actions as string[],
    before: maskMirror(entry.change.before ?? null, entry.change.before_sensitive),
    after: maskMirror(entry.change.after ?? null, entry.change.after_sensitive),
  };
}
