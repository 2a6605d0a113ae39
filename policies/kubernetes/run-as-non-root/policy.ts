import type { MapNode, ModelNode } from '../../../server/src/engine/core/model';
import { asBool, getPath, scalar } from '../../../server/src/engine/core/model';
import type { CheckContext, Fix, SnippetValue, TextEdit } from '../../../server/src/engine/core/policy';
import { definePolicy } from '../../../server/src/engine/core/policy';
import { CIS_K8S, NIST_LEAST_PRIVILEGE, NSA_K8S, PCI_SECURE_CONFIG, SOC2_LOGICAL_ACCESS } from '../lib/compliance';
import {
  type Container,
  WORKLOAD_KINDS,
  containerStart,
  containers,
  describeContainer,
  describeWorkload,
  keyOrRange,
  podSpec,
  securityContext,
} from '../lib/workload';

/** A UID as Kubernetes accepts it (an integer; a numeric string is tolerated). */
function uidOf(node: ModelNode | undefined): number | undefined {
  const value = scalar(node);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

type Verdict =
  | { ok: true }
  /** The container runs as UID 0; `node` is where the 0 is written. */
  | { ok: false; reason: 'uid0'; node: ModelNode; atPod: boolean }
  /** `runAsNonRoot: false` decides it; `node` is that value. */
  | { ok: false; reason: 'false'; node: ModelNode; atPod: boolean }
  /** Neither runAsNonRoot nor a non-zero runAsUser anywhere. */
  | { ok: false; reason: 'missing' };

/**
 * The container level overrides the pod level, field by field. A known non-zero UID is as good as
 * runAsNonRoot (the kernel enforces it); runAsNonRoot: true is only good while the UID is not 0.
 * Anything unresolved counts as compliant: we never report on a value we could not read.
 */
function verdict(podSc: MapNode | undefined, sc: MapNode | undefined): Verdict {
  const containerUser = sc?.entries.get('runAsUser');
  const user = containerUser ?? podSc?.entries.get('runAsUser');
  const containerNonRoot = sc?.entries.get('runAsNonRoot');
  const nonRoot = containerNonRoot ?? podSc?.entries.get('runAsNonRoot');
  if (user) {
    const uid = uidOf(user);
    if (uid === undefined) return { ok: true };
    if (uid === 0) return { ok: false, reason: 'uid0', node: user, atPod: user !== containerUser };
    return { ok: true };
  }
  if (!nonRoot) return { ok: false, reason: 'missing' };
  const flag = asBool(nonRoot);
  if (flag === false) return { ok: false, reason: 'false', node: nonRoot, atPod: nonRoot !== containerNonRoot };
  return { ok: true };
}

/** Edits that make `runAsNonRoot: true` hold in `sc` (the map may be absent: then it goes into `owner`). */
function ensureNonRoot(ctx: CheckContext, owner: MapNode, sc: MapNode | undefined): TextEdit[] | undefined {
  if (owner.entries.has('securityContext') && !sc) return undefined; // `securityContext:` written as something else
  if (!sc) return ctx.fix.addEntries(owner, [{ block: 'securityContext', body: [{ attr: 'runAsNonRoot', value: true }] }]);
  const current = sc.entries.get('runAsNonRoot');
  if (current) return asBool(current) === true ? [] : ctx.fix.setValue(current, true);
  return ctx.fix.addEntries(sc, [{ attr: 'runAsNonRoot', value: true }]);
}

/** The snippet value of a fully known node (undefined when anything in it is unknown). */
function snippetOf(node: ModelNode): SnippetValue | undefined {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'unknown':
      return undefined;
    case 'list': {
      const items = node.items.map(snippetOf);
      return items.every((i) => i !== undefined) ? (items as SnippetValue[]) : undefined;
    }
    case 'map': {
      const out: { [key: string]: SnippetValue } = {};
      for (const [key, value] of node.entries) {
        const v = snippetOf(value);
        if (v === undefined) return undefined;
        out[key] = v;
      }
      return out;
    }
  }
}

/**
 * Edits that remove `runAsUser: 0` from `sc` and, when `needNonRoot`, make `runAsNonRoot: true`
 * hold there. When runAsUser is the map's last entry, removing it and appending after it would
 * be overlapping edits, so the map is rewritten in one edit instead.
 */
function removeRootUser(ctx: CheckContext, sc: MapNode, user: ModelNode, needNonRoot: boolean): TextEdit[] | undefined {
  const nonRoot = sc.entries.get('runAsNonRoot');
  if (!needNonRoot) return ctx.fix.removeEntry(user);
  if (nonRoot) return [...ctx.fix.removeEntry(user), ...(asBool(nonRoot) === true ? [] : ctx.fix.setValue(nonRoot, true))];
  const keys = [...sc.entries.keys()];
  if (keys[keys.length - 1] !== 'runAsUser') return [...ctx.fix.removeEntry(user), ...ctx.fix.addEntries(sc, [{ attr: 'runAsNonRoot', value: true }])];
  const rewritten = snippetOf(sc) as { [key: string]: SnippetValue } | undefined;
  if (!rewritten) return undefined;
  delete rewritten.runAsUser;
  rewritten.runAsNonRoot = true;
  return ctx.fix.setValue(sc, rewritten);
}

function fixOf(description: string, edits: TextEdit[] | undefined): Fix | undefined {
  return edits && edits.length ? { description, safe: false, edits } : undefined;
}

export default definePolicy({
  id: 'IAC-K8S-POD-002',
  title: 'Container may run as root',
  severity: 'medium',
  fixable: true,
  description:
    'A container neither sets `runAsNonRoot: true` nor a non-zero `runAsUser` (in its own or the pod `securityContext`), or it explicitly runs as UID 0.',
  rationale:
    'Most images run as root unless told otherwise. Root inside a container shares UID 0 with the node, so any container breakout, ' +
    'writable host mount or kernel bug is exploited with full privileges. `runAsNonRoot: true` makes the kubelet refuse to start the container as root.',
  remediation:
    'Set `securityContext.runAsNonRoot: true` on the container or the pod, and run the image as a non-root user ' +
    '(a numeric `USER` in the Dockerfile or `runAsUser` with a non-zero UID). Remove `runAsUser: 0`.',
  compliance: [
    { framework: CIS_K8S, control: '5.2.7' },
    { framework: NSA_K8S, control: 'Pod security (non-root containers)' },
    SOC2_LOGICAL_ACCESS,
    PCI_SECURE_CONFIG,
    NIST_LEAST_PRIVILEGE,
  ],
  aliases: {
    checkov: ['CKV_K8S_23'],
    kics: ['cf34805e-3872-4c08-bf92-6ff7bb0cfadb'],
    trivy: ['AVD-KSV-0012', 'KSV012'],
  },
  deviations: [
    'A container with a known non-zero `runAsUser` (own or inherited from the pod) passes even without `runAsNonRoot: true`, as in Checkov and KICS; Trivy KSV012 asks for `runAsNonRoot: true` in every case.',
    'A value inherited from the pod `securityContext` (`runAsUser: 0`, `runAsNonRoot: false`) is reported once, on that pod-level value, naming the containers it affects. KICS reports each container.',
    'KICS also reports a pod-level `runAsUser` in one of its positive samples where the container overrides it with 0 (containers_running_as_root positive1.yaml line 38); we report the container-level `runAsUser: 0` only.',
    'Pods with `spec.os.name: windows` are skipped: `runAsNonRoot` does not apply to Windows containers.',
  ],
  formats: ['kubernetes'],
  resourceTypes: { kubernetes: WORKLOAD_KINDS },
  check(resource, ctx) {
    const spec = podSpec(resource);
    if (!spec) return;
    if (String(scalar(getPath(spec, 'os', 'name')) ?? '').toLowerCase() === 'windows') return;
    const podSc = securityContext(spec);
    const workload = describeWorkload(resource);
    /** Pod-level values that make containers run as root, with the containers they affect. */
    const inherited = new Map<ModelNode, { reason: 'uid0' | 'false'; containers: Container[] }>();

    for (const container of containers(resource)) {
      const sc = securityContext(container.node);
      const v = verdict(podSc, sc);
      if (v.ok) continue;
      const who = `${workload}: ${describeContainer(container)}`;
      if (v.reason === 'missing') {
        const scNode = container.node.entries.get('securityContext');
        ctx.report({
          range: scNode ? keyOrRange(scNode) : containerStart(container),
          message: `${who} may run as root: set securityContext.runAsNonRoot to true (and run the image as a non-root user).`,
          fix: fixOf('add runAsNonRoot: true', ensureNonRoot(ctx, container.node, sc)),
        });
        continue;
      }
      if (v.atPod) {
        const entry = inherited.get(v.node) ?? { reason: v.reason, containers: [] };
        entry.containers.push(container);
        inherited.set(v.node, entry);
        continue;
      }
      if (v.reason === 'false') {
        ctx.report({
          node: v.node,
          message: `${who} sets runAsNonRoot to false: set it to true (and run the image as a non-root user).`,
          fix: fixOf('set runAsNonRoot to true', ctx.fix.setValue(v.node, true)),
        });
        continue;
      }
      // runAsUser: 0 on the container. Removing it falls back to the pod's UID; runAsNonRoot must
      // then hold unless that UID is known and non-zero.
      const podUid = uidOf(podSc?.entries.get('runAsUser'));
      let edits: TextEdit[] | undefined;
      if (podUid !== 0) {
        const podUidOk = podUid !== undefined && podUid > 0;
        const inheritsNonRoot = !sc!.entries.has('runAsNonRoot') && asBool(podSc?.entries.get('runAsNonRoot')) === true;
        edits = removeRootUser(ctx, sc!, v.node, !podUidOk && !inheritsNonRoot);
      }
      ctx.report({
        node: v.node,
        message: `${who} runs as root (runAsUser: 0): remove it, run the image as a non-root user and set runAsNonRoot to true.`,
        fix: fixOf('remove runAsUser: 0 and require runAsNonRoot', edits),
      });
    }

    for (const [node, { reason, containers: affected }] of inherited) {
      const names = affected.map((c) => `"${c.name}"`).join(', ');
      const plural = affected.length > 1 ? 'containers' : 'container';
      if (reason === 'false') {
        ctx.report({
          node,
          message: `${workload}: the pod securityContext sets runAsNonRoot to false for ${plural} ${names}: set it to true.`,
          fix: fixOf('set runAsNonRoot to true', ctx.fix.setValue(node, true)),
        });
      } else {
        const edits = removeRootUser(ctx, podSc!, node, true);
        ctx.report({
          node,
          message: `${workload}: the pod securityContext runs ${plural} ${names} as root (runAsUser: 0): remove it and set runAsNonRoot to true.`,
          fix: fixOf('remove runAsUser: 0 and require runAsNonRoot', edits),
        });
      }
    }
  },
});
