import type { Policy } from '../../server/src/engine/core/policy';
import storagePublicAccess from './storage-public-access/policy';
import storageHttpsOnly from './storage-https-only/policy';
import storageMinTls from './storage-min-tls/policy';
import nsgSshFromInternet from './nsg-ssh-from-internet/policy';
import nsgRdpFromInternet from './nsg-rdp-from-internet/policy';

export const azurePolicies: Policy[] = [storagePublicAccess, storageHttpsOnly, storageMinTls, nsgSshFromInternet, nsgRdpFromInternet];
