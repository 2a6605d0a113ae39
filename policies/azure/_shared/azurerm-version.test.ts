import * as assert from 'node:assert/strict';
import { constraintBelow3 } from './azurerm-version';

describe('azurerm version constraints (policies/azure/_shared)', () => {
  it('recognises constraints that only admit 2.x', () => {
    for (const c of ['~> 2.99', '~>2.0', '= 2.46.0', '2.46.0', '>= 2.40, < 3.0', '< 3', '<= 2.99.0', '~> 1.44']) {
      assert.equal(constraintBelow3(c), true, c);
    }
  });

  it('does not treat open or 3.x+ constraints as 2.x', () => {
    for (const c of ['~> 3.0', '>= 2.0', '~> 2', '>= 3.32.0, < 4.0', '~>4.0', '< 3.1', '>= 2.40', '']) {
      assert.equal(constraintBelow3(c), false, c);
    }
  });
});
