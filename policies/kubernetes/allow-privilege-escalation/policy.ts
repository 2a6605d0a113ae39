import { asBool } from '../../../server/src/engine/core/model';
import type { TextEdit } from '../../../server/src/engine/core/policy';
import { definePolicy } from '../../../server/src/engine/core/policy';
import { CIS_K8S, NIST_LEAST_PRIVILEGE, NSA_K8S, PCI_SECURE_CONFIG, SOC2_LOGICAL_ACCESS } from '../lib/compliance';
import { WORKLOAD_KINDS, containerStart, containers, describeContainer, describeWorkload, keyOrRange, securityContext } from '../lib/workload';

export default definePolicy({
  id: 'IAC-K8S-POD-003',
  title: 'Container allows privilege escalation',
  severity: 'medium',
  fixable: true,
  description: 'A container does not set `securityContext.allowPrivilegeEscalation: false` (it is missing or `true`).',
  rationale:
    '`allowPrivilegeEscalation` defaults to true: a process in the container can gain more privileges than its parent through setuid/setgid ' +
    'binaries or file capabilities (the kernel `no_new_privs` flag is not set). An attacker with code execution as a non-root user can then become root in the container.',
  remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  compliance: [
    { framework: CIS_K8S, control: '5.2.6' },
    { framework: NSA_K8S, control: 'Pod security (privilege escalation)' },
    SOC2_LOGICAL_ACCESS,
    PCI_SECURE_CONFIG,
    NIST_LEAST_PRIVILEGE,
  ],
  aliases: {
    checkov: ['CKV_K8S_20'],
    kics: ['5572cc5e-1e4c-4113-92a6-7a8a3bd25e6d'],
    trivy: ['AVD-KSV-0001', 'KSV001'],
  },
  deviations: [
    'A privileged container (or one adding CAP_SYS_ADMIN) always allows escalation and the API server rejects `allowPrivilegeEscalation: false` next to it, so such containers are reported without a fix; IAC-K8S-POD-001 / POD-006 report the root cause.',
  ],
  formats: ['kubernetes'],
  resourceTypes: { kubernetes: WORKLOAD_KINDS },
  check(resource, ctx) {
    for (const container of containers(resource)) {
      const sc = securityContext(container.node);
      const scNode = container.node.entries.get('securityContext');
      const value = sc?.entries.get('allowPrivilegeEscalation');
      if (value && asBool(value) !== true) continue; // false, or not readable
      // The API server refuses allowPrivilegeEscalation: false together with privileged or CAP_SYS_ADMIN.
      const privileged = asBool(sc?.entries.get('privileged')) === true;
      const sysAdmin = addsSysAdmin(sc);
      const who = `${describeWorkload(resource)}: ${describeContainer(container)}`;
      let edits: TextEdit[] | undefined;
      if (!privileged && !sysAdmin) {
        if (value) edits = ctx.fix.setValue(value, false);
        else if (sc) edits = ctx.fix.addEntries(sc, [{ attr: 'allowPrivilegeEscalation', value: false }]);
        else if (!scNode) edits = ctx.fix.addEntries(container.node, [{ block: 'securityContext', body: [{ attr: 'allowPrivilegeEscalation', value: false }] }]);
      }
      const cause = privileged ? 'privileged: true' : sysAdmin ? 'CAP_SYS_ADMIN' : undefined;
      const what = value ? 'sets allowPrivilegeEscalation to true' : 'does not set allowPrivilegeEscalation';
      ctx.report({
        ...(value ? { node: value } : { range: scNode ? keyOrRange(scNode) : containerStart(container) }),
        message: cause
          ? `${who} ${what} and, with ${cause}, always allows escalation: remove ${cause}, then set securityContext.allowPrivilegeEscalation to false.`
          : `${who} ${what}: set securityContext.allowPrivilegeEscalation to false.`,
        fix: edits?.length ? { description: 'set allowPrivilegeEscalation to false', safe: true, edits } : undefined,
      });
    }
  },
});

function addsSysAdmin(sc: ReturnType<typeof securityContext>): boolean {
  const add = sc?.entries.get('capabilities');
  const list = add?.kind === 'map' ? add.entries.get('add') : undefined;
  const items = list?.kind === 'list' ? list.items : list ? [list] : [];
  return items.some((item) => item.kind === 'scalar' && typeof item.value === 'string' && item.value.toUpperCase().replace(/^CAP_/, '') === 'SYS_ADMIN');
}
