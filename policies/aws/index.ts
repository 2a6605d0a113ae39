import type { Policy } from '../../server/src/engine/core/policy';
import s3Encryption from './s3-bucket-encryption/policy';
import s3Versioning from './s3-bucket-versioning/policy';
import s3AccessLogging from './s3-bucket-access-logging/policy';
import s3PublicAcl from './s3-bucket-public-acl/policy';
import s3PublicAccessBlock from './s3-bucket-public-access-block/policy';
import sgSsh from './sg-ssh-open-to-internet/policy';
import sgRdp from './sg-rdp-open-to-internet/policy';
import sgAllPorts from './sg-all-ports-open-to-internet/policy';
import ec2Imdsv2 from './ec2-imdsv2-required/policy';
import rdsStorageEncryption from './rds-storage-encryption/policy';
import rdsPublic from './rds-publicly-accessible/policy';
import ebsEncryption from './ebs-encryption/policy';
import iamFullAdmin from './iam-full-admin-policy/policy';
import cloudtrailMultiRegion from './cloudtrail-multi-region/policy';
import cloudtrailKms from './cloudtrail-kms-encryption/policy';
import kmsRotation from './kms-key-rotation/policy';
import eksPublicEndpoint from './eks-public-endpoint/policy';

export const awsPolicies: Policy[] = [
  s3Encryption,
  s3Versioning,
  s3AccessLogging,
  s3PublicAcl,
  s3PublicAccessBlock,
  sgSsh,
  sgRdp,
  sgAllPorts,
  ec2Imdsv2,
  rdsStorageEncryption,
  rdsPublic,
  ebsEncryption,
  iamFullAdmin,
  cloudtrailMultiRegion,
  cloudtrailKms,
  kmsRotation,
  eksPublicEndpoint,
];
