/**
 * Whether a Terraform module pins the azurerm provider below 3.0.
 *
 * Some azurerm defaults changed at 3.0 (`allow_nested_items_to_be_public` replaced
 * `allow_blob_public_access` and now defaults to true; `min_tls_version` defaults to TLS1_2
 * instead of TLS1_0). A policy that judges a missing attribute by its default has to know which
 * provider generation it is looking at. Without a readable constraint we assume the current one.
 */
import type { CheckContext } from '../../../server/src/engine/core/policy';
import { blocks, getPath, isMap, scalar, type ModelNode } from '../../../server/src/engine/core/model';

/** True only when every version the constraint admits is below 3.0 (e.g. `~> 2.90`, `= 2.99.0`, `>= 2.0, < 3.0`). */
export function constraintBelow3(constraint: string): boolean {
  let upperBelow3 = false;
  for (const raw of constraint.split(',')) {
    const part = raw.trim();
    const m = /^(~>|<=|>=|=|!=|<|>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(part);
    if (!m) continue;
    const op = m[1] ?? '=';
    const major = Number(m[2]);
    const hasMinor = m[3] !== undefined;
    if ((op === '=' || op === '<=') && major < 3) upperBelow3 = true;
    if (op === '<' && (major < 3 || (major === 3 && !hasMinor) || (major === 3 && Number(m[3]) === 0 && (m[4] === undefined || Number(m[4]) === 0)))) upperBelow3 = true;
    // `~> 2.5` admits 2.x only; `~> 2` admits every 2.x and later (Terraform's pessimistic operator).
    if (op === '~>' && major < 3 && hasMinor) upperBelow3 = true;
  }
  return upperBelow3;
}

function versionOf(node: ModelNode | undefined): string | undefined {
  const direct = scalar(node);
  if (typeof direct === 'string') return direct; // legacy `azurerm = "~> 2.0"` in required_providers
  if (isMap(node)) {
    const v = scalar(node.entries.get('version'));
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** Looks at `terraform { required_providers { azurerm = {...} } }` and legacy `provider "azurerm" { version = ... }`. */
export function azurermPinnedBelow3(ctx: CheckContext): boolean {
  for (const entity of ctx.resources()) {
    if (entity.kind === 'terraform') {
      for (const rp of blocks(entity.body, 'required_providers')) {
        const v = versionOf(getPath(rp, 'azurerm'));
        if (v !== undefined && constraintBelow3(v)) return true;
      }
    } else if (entity.kind === 'provider' && entity.type === 'azurerm') {
      const v = versionOf(entity.body);
      if (v !== undefined && constraintBelow3(v)) return true;
    }
  }
  return false;
}
