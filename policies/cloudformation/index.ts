import type { Policy } from '../../server/src/engine/core/policy';
import s3Encryption from './s3-encryption/policy';
import s3PublicAccess from './s3-public-access/policy';
import ec2OpenSecurityGroup from './ec2-open-security-group/policy';

export const cloudformationPolicies: Policy[] = [s3Encryption, s3PublicAccess, ec2OpenSecurityGroup];
