/**
 * What a Terraform module's entities depend on, for reusing policy checks between keystrokes
 * (incremental/check-cache.ts).
 *
 * An entity's model is built from its block and from what references resolve to: variables
 * (defaults, tfvars), locals, module calls (and the called modules' files), and whether a name
 * is a resource type declared in the module (module.ts). Fix edits also follow the file's
 * indentation unit and line endings. So the context is: every top-level item of the module's
 * own `.tf` files except resource and data blocks (by text, in order), the set of resource types,
 * each file's style, and the whole text of every other file (tfvars, `.tf.json`, called
 * modules). A block's region is the text between its neighbours, and is not reusable when a
 * syntax error lies in it: the parser's bracket recovery can then depend on text elsewhere.
 */
import type { Resource } from '../../core/model';
import type { ScopeSnapshot } from '../../incremental/check-cache';
import { detectIndentUnit } from './fixes';
import type { TerraformFileParse } from './files';

export function terraformScopeSnapshot(dir: string, filesByDir: ReadonlyMap<string, TerraformFileParse[]>, texts: ReadonlyMap<string, string>): ScopeSnapshot {
  const context: string[] = [];
  const resourceTypes = new Set<string>();
  /** file -> block start offset -> [region start, region end, block end] */
  const regions = new Map<string, Map<number, [number, number, number]>>();
  for (const [parsesDir, parses] of filesByDir) {
    for (const parse of parses) {
      const hcl = parse.hcl;
      if (parsesDir !== dir || parse.kind !== 'tf' || !hcl) {
        context.push(`whole\u0000${parse.path}\u0000${parse.text}`);
        continue;
      }
      const text = parse.text;
      context.push(`tf\u0000${parse.path}\u0000${detectIndentUnit(text)}\u0000${text.includes('\r\n') ? 'crlf' : 'lf'}`);
      const errors = parse.errors.map((e) => e.range);
      const reusable = errors.every((r) => r !== undefined);
      const byStart = new Map<number, [number, number, number]>();
      regions.set(parse.path, byStart);
      const items = hcl.body.items;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item.type === 'block') {
          if (item.blockType === 'resource' || item.blockType === 'data') {
            if (item.blockType === 'resource' && item.labels[0]) resourceTypes.add(item.labels[0].value);
          } else context.push(text.slice(item.range.start.offset, item.range.end.offset));
          const start = i > 0 ? items[i - 1].range.end.offset : 0;
          const end = i + 1 < items.length ? items[i + 1].range.start.offset : text.length;
          if (reusable && !errors.some((r) => r!.start.offset <= end && r!.end.offset >= start)) {
            byStart.set(item.range.start.offset, [start, end, item.range.end.offset]);
          }
        } else context.push(text.slice(item.range.start.offset, item.range.end.offset));
      }
    }
  }
  context.push(`types\u0000${[...resourceTypes].sort().join('\u0000')}`);
  return {
    context: context.join('\u0001'),
    texts,
    regionOf(resource: Resource): readonly [number, number] | undefined {
      const text = texts.get(resource.file);
      if (text === undefined) return undefined;
      const byStart = regions.get(resource.file);
      // Files that are part of the context whole: any change there changes the context.
      if (!byStart) return [0, text.length];
      const region = byStart.get(resource.range.start.offset);
      return region && region[2] === resource.range.end.offset ? [region[0], region[1]] : undefined;
    },
  };
}
