import type { ModelNode } from '../../../server/src/engine/core/model';
import { isList, isMap } from '../../../server/src/engine/core/model';
import type { SnippetValue, TextEdit } from '../../../server/src/engine/core/policy';
import { definePolicy } from '../../../server/src/engine/core/policy';
import { CIS_K8S, NIST_LEAST_FUNCTIONALITY, NIST_LEAST_PRIVILEGE, NSA_K8S, PCI_SECURE_CONFIG, SOC2_LOGICAL_ACCESS } from '../lib/compliance';
import { WORKLOAD_KINDS, containers, describeContainer, describeWorkload, securityContext } from '../lib/workload';

/**
 * What the Pod Security Standards "Baseline" profile lets a container add: the runtime's default
 * set minus NET_RAW. Adding one of these back after `drop: [ALL]` is the recommended pattern.
 */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** `cap_sys_admin` and `SYS_ADMIN` are the same capability. */
function normalize(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, '');
}

export default definePolicy({
  id: 'IAC-K8S-POD-006',
  title: 'Container adds dangerous Linux capabilities',
  severity: 'high',
  fixable: true,
  description:
    'A container adds, in `securityContext.capabilities.add`, a Linux capability outside the Pod Security Standards Baseline set ' +
    '(e.g. SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, NET_RAW, BPF) or `ALL`.',
  rationale:
    'Capabilities split root into pieces; the dangerous ones are nearly root. SYS_ADMIN allows mounting file systems and most container escapes, ' +
    'SYS_PTRACE reading other processes\' memory, SYS_MODULE loading kernel modules, NET_ADMIN / NET_RAW rewriting the network and spoofing packets. ' +
    'A compromised container with them can break out to the node.',
  remediation:
    'Remove the capability from `capabilities.add`. Start from `drop: ["ALL"]` and add back only what the process needs from the Baseline set ' +
    '(e.g. NET_BIND_SERVICE to bind ports below 1024).',
  compliance: [
    { framework: CIS_K8S, control: '5.2.9' },
    { framework: NSA_K8S, control: 'Pod security (Linux capabilities)' },
    SOC2_LOGICAL_ACCESS,
    PCI_SECURE_CONFIG,
    NIST_LEAST_PRIVILEGE,
    NIST_LEAST_FUNCTIONALITY,
  ],
  aliases: {
    checkov: ['CKV_K8S_25', 'CKV_K8S_39'],
    kics: [
      '19ebaa28-fc86-4a58-bcfa-015c9e22fe40', // Containers With Added Capabilities
      '235236ee-ad78-4065-bd29-61b061f28ce0', // Containers With Sys Admin Capabilities
    ],
    trivy: ['AVD-KSV-0005', 'KSV005', 'AVD-KSV-0022', 'KSV022'],
  },
  deviations: [
    'Adding a capability of the Pod Security Standards Baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) is allowed; Checkov CKV_K8S_25 reports any added capability.',
    'Not dropping ALL (CIS 5.2.10, Checkov CKV_K8S_37, KICS "No Drop Capabilities for Containers", Trivy KSV003) and not dropping NET_RAW (CIS 5.2.8, KICS "NET_RAW Capabilities Not Being Dropped", Checkov CKV_K8S_28) are deliberately not part of this policy: they concern the runtime default set, fire on almost every manifest and belong to the Restricted profile, not to "dangerous capabilities added".',
    'One finding per container, on the first offending capability, naming all of them; KICS reports on the `add:` line.',
  ],
  formats: ['kubernetes'],
  resourceTypes: { kubernetes: WORKLOAD_KINDS },
  check(resource, ctx) {
    for (const container of containers(resource)) {
      const capabilities = securityContext(container.node)?.entries.get('capabilities');
      if (!isMap(capabilities)) continue;
      const add = capabilities.entries.get('add');
      if (!add) continue;
      const items: ModelNode[] = isList(add) ? add.items : [add];
      const offending: { node: ModelNode; name: string }[] = [];
      const kept: SnippetValue[] = [];
      let readable = true;
      for (const item of items) {
        if (item.kind !== 'scalar' || typeof item.value !== 'string') {
          if (item.kind === 'scalar' && item.value === null) continue;
          readable = false; // an unknown item: keep it, and do not rewrite the list around it
          continue;
        }
        const name = normalize(item.value);
        if (BASELINE_CAPABILITIES.has(name)) kept.push(item.value);
        else offending.push({ node: item, name });
      }
      if (!offending.length) continue;
      const names = [...new Set(offending.map((o) => o.name))];
      let edits: TextEdit[] | undefined;
      if (readable) {
        // Nothing left to add: drop `add:` (or the whole `capabilities:` when `add` was all it had).
        if (kept.length) edits = ctx.fix.setValue(add, kept);
        else edits = ctx.fix.removeEntry(capabilities.entries.size === 1 ? capabilities : add);
      }
      const list = names.join(', ');
      ctx.report({
        node: offending[0].node,
        message:
          `${describeWorkload(resource)}: ${describeContainer(container)} adds ${names.length > 1 ? 'capabilities' : 'capability'} ${list}: ` +
          `remove ${names.length > 1 ? 'them' : 'it'} from securityContext.capabilities.add (drop ALL and add back only Baseline capabilities such as NET_BIND_SERVICE).`,
        fix: edits?.length ? { description: `remove ${list} from capabilities.add`, safe: false, edits } : undefined,
      });
    }
  },
});
