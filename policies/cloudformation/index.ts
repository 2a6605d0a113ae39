import type { Policy } from '../../server/src/engine/core/policy';

export const cloudformationPolicies: Policy[] = [];
