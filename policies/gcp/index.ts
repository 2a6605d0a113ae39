import type { Policy } from '../../server/src/engine/core/policy';
import gcsPublicAccess from './gcs-public-access/policy';
import gcsUniformAccess from './gcs-uniform-access/policy';
import sqlPublicIp from './sql-public-ip/policy';

export const gcpPolicies: Policy[] = [gcsPublicAccess, gcsUniformAccess, sqlPublicIp];
