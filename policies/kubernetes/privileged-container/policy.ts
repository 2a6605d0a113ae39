import { asBool } from '../../../server/src/engine/core/model';
import { definePolicy } from '../../../server/src/engine/core/policy';
import { CIS_K8S, NIST_LEAST_FUNCTIONALITY, NIST_LEAST_PRIVILEGE, NSA_K8S, PCI_SECURE_CONFIG, SOC2_LOGICAL_ACCESS } from '../lib/compliance';
import { WORKLOAD_KINDS, containers, describeContainer, describeWorkload, securityContext } from '../lib/workload';

export default definePolicy({
  id: 'IAC-K8S-POD-001',
  title: 'Container runs privileged',
  severity: 'high',
  fixable: true,
  description: 'A container (including init and ephemeral containers) sets `securityContext.privileged: true`.',
  rationale:
    'A privileged container runs with every Linux capability, no seccomp or AppArmor confinement and access to all host devices. ' +
    'Root in such a container is root on the node: it can load kernel modules, mount the host file system and escape to the node and the rest of the cluster.',
  remediation:
    'Remove `privileged: true` or set it to `false`. Grant only the specific capabilities the workload needs with `securityContext.capabilities.add`.',
  compliance: [
    { framework: CIS_K8S, control: '5.2.2' },
    { framework: NSA_K8S, control: 'Pod security (privileged containers)' },
    SOC2_LOGICAL_ACCESS,
    PCI_SECURE_CONFIG,
    NIST_LEAST_PRIVILEGE,
    NIST_LEAST_FUNCTIONALITY,
  ],
  aliases: {
    checkov: ['CKV_K8S_16'],
    kics: ['dd29336b-fe57-445b-a26e-e6aa867ae609'],
    trivy: ['AVD-KSV-0017', 'KSV017'],
  },
  deviations: [
    'The fix sets `privileged: false` and is marked needs-review, not safe: workloads that are privileged on purpose (CNI plugins, storage drivers, node agents) stop working without it.',
  ],
  formats: ['kubernetes'],
  resourceTypes: { kubernetes: WORKLOAD_KINDS },
  check(resource, ctx) {
    for (const container of containers(resource)) {
      const privileged = securityContext(container.node)?.entries.get('privileged');
      if (asBool(privileged) !== true) continue;
      ctx.report({
        node: privileged,
        message: `${describeWorkload(resource)}: ${describeContainer(container)} runs privileged: set securityContext.privileged to false and add only the capabilities it needs.`,
        fix: { description: 'set privileged to false', safe: false, edits: ctx.fix.setValue(privileged!, false) },
      });
    }
  },
});
