/** Builds Terraform modules from in-memory files for the adapter's tests. */
import type { ModelNode, Resource } from '../../../../server/src/engine/core/model';
import { posixPath } from '../../../../server/src/engine/core/host';
import type { SourceRange } from '../../../../server/src/engine/core/range';
import type { ModelScope } from '../../../../server/src/engine/formats/contracts';
import {
  buildTerraformModule,
  parseTerraformFile,
  type TerraformFileParse,
} from '../../../../server/src/engine/formats/terraform/index';

export interface Built {
  scope: ModelScope;
  texts: Record<string, string>;
  parses: Map<string, TerraformFileParse[]>;
  resource(address: string): Resource;
  /** The source text a range covers in `file`. */
  text(file: string, range: SourceRange | undefined): string | undefined;
}

export function build(files: Record<string, string>, dir: string): Built {
  const parses = new Map<string, TerraformFileParse[]>();
  for (const path of Object.keys(files).sort()) {
    const parse = parseTerraformFile(path, files[path]);
    const d = posixPath.dirname(path);
    parses.set(d, [...(parses.get(d) ?? []), parse]);
  }
  const scope = buildTerraformModule({ dir, files: parses.get(dir) ?? [], filesOf: (d) => parses.get(d) });
  return {
    scope,
    texts: files,
    parses,
    resource(address) {
      const found = scope.resources.find((r) => r.address === address);
      if (!found) throw new Error(`no resource ${address}; have ${scope.resources.map((r) => r.address).join(', ')}`);
      return found;
    },
    text(file, range) {
      return range ? files[file].slice(range.start.offset, range.end.offset) : undefined;
    },
  };
}

/** A node's value in plain JS (unknowns as `<unknown: text>`), for compact assertions. */
export function plain(node: ModelNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'unknown':
      return `<unknown: ${node.text}>`;
    case 'list':
      return node.items.map(plain);
    case 'map':
      return Object.fromEntries([...node.entries].map(([k, v]) => [k, plain(v)]));
  }
}
