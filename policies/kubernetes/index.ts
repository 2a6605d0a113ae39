import type { Policy } from '../../server/src/engine/core/policy';
import allowPrivilegeEscalation from './allow-privilege-escalation/policy';
import dangerousCapabilities from './dangerous-capabilities/policy';
import hostNamespaces from './host-namespaces/policy';
import imageLatestTag from './image-latest-tag/policy';
import privilegedContainer from './privileged-container/policy';
import resourceLimits from './resource-limits/policy';
import runAsNonRoot from './run-as-non-root/policy';
import runtimeSocketMount from './runtime-socket-mount/policy';

export const kubernetesPolicies: Policy[] = [privilegedContainer, runAsNonRoot, allowPrivilegeEscalation, hostNamespaces, resourceLimits, dangerousCapabilities, runtimeSocketMount, imageLatestTag];
