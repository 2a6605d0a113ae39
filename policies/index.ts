/**
 * The built-in policy pack. Each group keeps its own list so groups can be worked on independently;
 * the order here is the order policies are listed in reports.
 */
import type { Policy } from '../server/src/engine/core/policy';
import { awsPolicies } from './aws/index';
import { azurePolicies } from './azure/index';
import { gcpPolicies } from './gcp/index';
import { kubernetesPolicies } from './kubernetes/index';
import { cloudformationPolicies } from './cloudformation/index';
import { commonPolicies } from './common/index';

export const builtinPolicies: readonly Policy[] = [
  ...awsPolicies,
  ...azurePolicies,
  ...gcpPolicies,
  ...kubernetesPolicies,
  ...cloudformationPolicies,
  ...commonPolicies,
];

/** Bumped whenever a policy is added, removed or changes behaviour; recorded in reports and the audit log. */
export const POLICY_PACK_VERSION = '2026.11.0';
