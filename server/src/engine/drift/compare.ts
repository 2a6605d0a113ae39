/**
 * Code vs deployed: which resources of the code are not in the state, which deployed instances have
 * no code, which attributes the code sets to a literal differ from the state, and (plans only)
 * what changed outside Terraform and what applying would do.
 *
 * Unknown values are never compared (a `var.x` without a default says nothing about the state),
 * and neither are sensitive ones; `terraform_remote_state` data sources are ignored altogether.
 */
import type { MapNode, ModelNode, Resource } from '../core/model';
import type { SourceRange } from '../core/range';
import type { ResourceMode, StateChange, StateInstance, TerraformState } from './state';
import { containsSensitive, differingPaths, literalValue, NOT_LITERAL, valueAt, valuesEqual } from './values';

export const DRIFT_KINDS = ['drifted', 'changed', 'missing-in-code', 'missing-in-state', 'planned'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface DriftEntry {
  /** The instance address (`aws_instance.web[0]`), or the code's base address when nothing is deployed. */
  address: string;
  kind: DriftKind;
  mode: ResourceMode;
  type: string;
  /** Where the code resource is (its header; for `changed`, the attribute's value); absent when not in code. */
  file?: string;
  range?: SourceRange;
  /** Attribute path (`acl`, `tags.Env`, `versioning.0.enabled`), for `changed` and `drifted`. */
  attribute?: string;
  /** What the code says (a literal), when it sets the attribute. */
  codeValue?: unknown;
  /** What is deployed: the state's value (`changed`), the value found on refresh (`drifted`). */
  stateValue?: unknown;
  /** `drifted`: the value Terraform had recorded before the refresh. */
  previousValue?: unknown;
  /** `drifted` / `planned`: the plan's actions (`["update"]`, `["delete","create"]`). */
  actions?: string[];
  message: string;
}

export interface DriftOptions {
  /** Compare attribute values (`changed`); default true. */
  compareAttributes?: boolean;
}

export type DriftSummary = Record<DriftKind, number> & { total: number; codeResources: number; stateInstances: number };

/** Arguments that configure Terraform itself, not the deployed object. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'connection', 'provisioner', 'timeouts']);

function ignored(type: string): boolean {
  return type === 'terraform_remote_state';
}

export function compareDrift(codeResources: readonly Resource[], state: TerraformState, options: DriftOptions = {}): DriftEntry[] {
  const code = codeResources.filter((r) => r.format === 'terraform' && (r.kind === 'resource' || r.kind === 'data') && !ignored(r.type));
  const byAddress = new Map<string, Resource>();
  for (const r of code) if (!byAddress.has(r.address)) byAddress.set(r.address, r);
  // Modules whose resources the code does not show (registry or git sources): their state is not judged.
  const opaqueModules = codeResources
    .filter((r) => r.format === 'terraform' && r.kind === 'module' && !code.some((c) => c.address.startsWith(`${r.address}.`)))
    .map((r) => `${r.address}.`);

  const instances = state.instances.filter((i) => !ignored(i.type));
  const instancesByBase = new Map<string, StateInstance[]>();
  for (const i of instances) instancesByBase.set(i.baseAddress, [...(instancesByBase.get(i.baseAddress) ?? []), i]);
  const planned = state.changes.filter((c) => !ignored(c.type) && !(c.actions.length === 1 && c.actions[0] === 'no-op'));

  const entries: DriftEntry[] = [];
  const where = (r: Resource | undefined) => (r ? { file: r.file, range: r.headerRange } : {});

  for (const r of code) {
    const deployed = instancesByBase.get(r.address) ?? [];
    const mode: ResourceMode = r.kind === 'data' ? 'data' : 'managed';
    if (!deployed.length) {
      const plannedCreate = planned.some((c) => c.baseAddress === r.address && c.actions.includes('create'));
      if (state.hasInstances && !plannedCreate && !declaresNoInstances(r.body)) {
        entries.push({
          address: r.address,
          kind: 'missing-in-state',
          mode,
          type: r.type,
          ...where(r),
          message: `${r.address} is in the code but not in the state: it has not been applied (or was removed from the state).`,
        });
      }
      continue;
    }
    if (mode === 'managed' && options.compareAttributes !== false) {
      for (const instance of deployed) compareAttributes(r, instance, r.body, instance.values, '', entries);
    }
  }

  for (const instance of instances) {
    if (byAddress.has(instance.baseAddress) || opaqueModules.some((m) => instance.baseAddress.startsWith(m))) continue;
    if (planned.some((c) => c.address === instance.address && c.actions.includes('delete'))) continue;
    entries.push({
      address: instance.address,
      kind: 'missing-in-code',
      mode: instance.mode,
      type: instance.type,
      message: `${instance.address} is deployed but not in the code: created outside this code, or its code was deleted.`,
    });
  }

  for (const change of state.drift) {
    if (ignored(change.type)) continue;
    entries.push(...driftEntries(change, byAddress.get(change.baseAddress)));
  }

  for (const change of planned) {
    const r = byAddress.get(change.baseAddress);
    entries.push({
      address: change.address,
      kind: 'planned',
      mode: change.mode,
      type: change.type,
      ...where(r),
      actions: change.actions,
      message: `The plan would ${actionText(change.actions)} ${change.address}.`,
    });
  }
  return entries.sort(compareEntries);
}

/** `count = 0`, `for_each = {}`: the code itself asks for no instance. */
function declaresNoInstances(body: MapNode): boolean {
  const count = literalValue(body.entries.get('count'));
  if (count === 0 || count === '0') return true;
  const each = literalValue(body.entries.get('for_each'));
  if (Array.isArray(each)) return each.length === 0;
  return typeof each === 'object' && each !== null && Object.keys(each).length === 0;
}

function compareAttributes(r: Resource, instance: StateInstance, body: MapNode, values: Record<string, unknown>, prefix: string, out: DriftEntry[]): void {
  for (const [key, node] of body.entries) {
    if (!prefix && META_ARGUMENTS.has(key)) continue;
    // An attribute the state does not have is outside the provider's schema as we know it.
    if (!Object.prototype.hasOwnProperty.call(values, key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const stateValue = values[key];
    const blockList = blockItems(node);
    if (blockList) {
      // One block on each side is unambiguous; several may be a set in another order: not compared.
      const stateItems = Array.isArray(stateValue) ? stateValue : isObject(stateValue) ? [stateValue] : undefined;
      if (blockList.length === 1 && stateItems?.length === 1 && isObject(stateItems[0])) {
        compareAttributes(r, instance, blockList[0], stateItems[0], Array.isArray(stateValue) ? `${path}.0` : path, out);
      }
      continue;
    }
    const codeValue = literalValue(node);
    if (codeValue === NOT_LITERAL || containsSensitive(stateValue)) continue;
    if (valuesEqual(codeValue, stateValue)) continue;
    out.push({
      address: instance.address,
      kind: 'changed',
      mode: 'managed',
      type: r.type,
      file: node.file,
      range: node.range,
      attribute: path,
      codeValue,
      stateValue,
      message: `${path}: the code sets ${show(codeValue)}, the state has ${show(stateValue)}.`,
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested blocks (`versioning { ... }`), which the model keeps as a list of block maps. */
function blockItems(node: ModelNode): MapNode[] | undefined {
  if (node.kind === 'map' && node.isBlock) return [node];
  if (node.kind === 'list' && node.items.length > 0 && node.items.every((i) => i.kind === 'map' && i.isBlock)) return node.items as MapNode[];
  return undefined;
}

function driftEntries(change: StateChange, r: Resource | undefined): DriftEntry[] {
  const base = { address: change.address, kind: 'drifted' as const, mode: change.mode, type: change.type, ...(r ? { file: r.file, range: r.headerRange } : {}), actions: change.actions };
  if (change.actions.includes('delete') && change.after === null) {
    return [{ ...base, message: `${change.address} was deleted outside Terraform.` }];
  }
  const paths = differingPaths(change.before, change.after).filter((p) => p !== '');
  if (!paths.length) return [{ ...base, message: `${change.address} was changed outside Terraform (${change.actions.join(', ')}).` }];
  return paths.map((attribute) => {
    const stateValue = valueAt(change.after, attribute);
    const previousValue = valueAt(change.before, attribute);
    const codeValue = r && change.mode === 'managed' ? codeLiteralAt(r.body, attribute) : NOT_LITERAL;
    return {
      ...base,
      attribute,
      ...(codeValue !== NOT_LITERAL ? { codeValue } : {}),
      stateValue: stateValue === undefined ? null : stateValue,
      previousValue: previousValue === undefined ? null : previousValue,
      message: `${attribute} was changed outside Terraform: ${show(previousValue)} -> ${show(stateValue)}.`,
    };
  });
}

/** The code's literal at a state path (`versioning.0.enabled` through a block), if the code sets one. */
function codeLiteralAt(body: MapNode, path: string): unknown {
  let node: ModelNode | undefined = body;
  for (const step of path.split('.')) {
    if (!node) return NOT_LITERAL;
    if (node.kind === 'map') node = node.entries.get(step);
    else if (node.kind === 'list' && /^\d+$/.test(step)) node = node.items[Number(step)];
    else return NOT_LITERAL;
  }
  return literalValue(node);
}

function actionText(actions: string[]): string {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.length === 1) return actions[0] === 'read' ? 'read' : actions[0];
  return actions.join(' and ');
}

export function show(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function compareEntries(a: DriftEntry, b: DriftEntry): number {
  return (
    DRIFT_KINDS.indexOf(a.kind) - DRIFT_KINDS.indexOf(b.kind) ||
    (a.address < b.address ? -1 : a.address > b.address ? 1 : 0) ||
    ((a.attribute ?? '') < (b.attribute ?? '') ? -1 : (a.attribute ?? '') > (b.attribute ?? '') ? 1 : 0)
  );
}

export function summarizeDrift(entries: readonly DriftEntry[], codeResources: number, stateInstances: number): DriftSummary {
  const summary = { total: entries.length, codeResources, stateInstances } as DriftSummary;
  for (const kind of DRIFT_KINDS) summary[kind] = entries.filter((e) => e.kind === kind).length;
  return summary;
}
