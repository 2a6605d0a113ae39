import type { Policy } from '../../server/src/engine/core/policy';
import hardCodedSecrets from './hard-coded-secrets/policy';

export const commonPolicies: Policy[] = [hardCodedSecrets];
