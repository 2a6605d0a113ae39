import { asBool } from '../../../server/src/engine/core/model';
import { definePolicy } from '../../../server/src/engine/core/policy';
import { CIS_K8S, NIST_LEAST_PRIVILEGE, NSA_K8S, PCI_SECURE_CONFIG, SOC2_LOGICAL_ACCESS } from '../lib/compliance';
import { WORKLOAD_KINDS, describeWorkload, podSpec } from '../lib/workload';

/** The host namespaces a pod can join, and what joining exposes. */
const FLAGS: { key: string; namespace: string; exposes: string }[] = [
  { key: 'hostNetwork', namespace: 'network', exposes: "the node's interfaces, localhost services and traffic of other pods" },
  { key: 'hostPID', namespace: 'process ID', exposes: 'every process on the node (and their environment and memory via /proc)' },
  { key: 'hostIPC', namespace: 'IPC', exposes: 'shared memory and message queues of host processes' },
];

export default definePolicy({
  id: 'IAC-K8S-POD-004',
  title: 'Pod shares host namespaces',
  severity: 'high',
  fixable: true,
  description: 'The pod spec sets `hostNetwork`, `hostPID` or `hostIPC` to true; each flag that is true is reported.',
  rationale:
    "Sharing the node's network, process or IPC namespace removes the isolation between the pod and the node: the pod can reach services bound to the node's " +
    'localhost and sniff traffic (hostNetwork), see and signal every process and read their environment (hostPID), or read shared memory of host processes (hostIPC).',
  remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec or set them to false; expose ports through a Service instead of the host network.',
  compliance: [
    { framework: CIS_K8S, control: '5.2.3' },
    { framework: CIS_K8S, control: '5.2.4' },
    { framework: CIS_K8S, control: '5.2.5' },
    { framework: NSA_K8S, control: 'Pod security (host namespaces)' },
    SOC2_LOGICAL_ACCESS,
    { framework: 'SOC 2', control: 'CC6.6' },
    PCI_SECURE_CONFIG,
    NIST_LEAST_PRIVILEGE,
    { framework: 'NIST 800-53', control: 'SC-7' },
  ],
  aliases: {
    checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'],
    kics: [
      '302736f4-b16c-41b8-befe-c0baffa0bd9d', // Shared Host PID Namespace
      'cd290efd-6c82-4e9d-a698-be12ae31d536', // Shared Host IPC Namespace
      '6b6bdfb3-c3ae-44cb-88e4-7405c1ba2c8a', // Shared Host Network Namespace
    ],
    trivy: ['AVD-KSV-0008', 'KSV008', 'AVD-KSV-0009', 'KSV009', 'AVD-KSV-0010', 'KSV010'],
  },
  deviations: ['One policy covers the three flags that Checkov, KICS and Trivy check separately; each true flag is its own finding.'],
  formats: ['kubernetes'],
  resourceTypes: { kubernetes: WORKLOAD_KINDS },
  check(resource, ctx) {
    const spec = podSpec(resource);
    if (!spec) return;
    for (const { key, namespace, exposes } of FLAGS) {
      const node = spec.entries.get(key);
      if (asBool(node) !== true) continue;
      ctx.report({
        node,
        message: `${describeWorkload(resource)} shares the host ${namespace} namespace (${key}: true), exposing ${exposes}: set ${key} to false.`,
        fix: { description: `set ${key} to false`, safe: false, edits: ctx.fix.setValue(node!, false) },
      });
    }
  },
});
