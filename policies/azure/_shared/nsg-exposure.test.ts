import * as assert from 'node:assert/strict';
import { isInternetSource, portSpecCovers } from './nsg-exposure';

describe('NSG rule reading (policies/azure/_shared)', () => {
  it('matches ports in single values, ranges, wildcards and comma lists', () => {
    assert.equal(portSpecCovers('22', 22), true);
    assert.equal(portSpecCovers(22, 22), true);
    assert.equal(portSpecCovers('20-30', 22), true);
    assert.equal(portSpecCovers('*', 3389), true);
    assert.equal(portSpecCovers('21, 22 , 24 ', 22), true);
    assert.equal(portSpecCovers('111-211, 20-30, 1-2 , 3', 22), true);
    assert.equal(portSpecCovers('220,230', 22), false);
    assert.equal(portSpecCovers('21, 23,10-20', 22), false);
    assert.equal(portSpecCovers('3388, 3390-3400', 3389), false);
    assert.equal(portSpecCovers('', 22), false);
  });

  it('treats *, 0.0.0.0, Internet, Any and /0 prefixes as the internet', () => {
    for (const s of ['*', '0.0.0.0', 'Internet', 'internet', 'ANY', '0.0.0.0/0', '::/0', '34.15.11.3/0', '/0']) assert.equal(isInternetSource(s), true, s);
    for (const s of ['VirtualNetwork', 'AzureLoadBalancer', '10.0.0.0/8', '0.0.1.0', '/1', '192.168.0.0']) assert.equal(isInternetSource(s), false, s);
  });
});
