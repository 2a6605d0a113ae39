/**
 * What a Kubernetes file's objects depend on, for reusing policy checks between keystrokes
 * (incremental/check-cache.ts): an object's model is built from its YAML document alone, and the
 * document from its piece of the stream when the stream was read piece by piece (yaml-reader.ts
 * YamlStreamCache.cuts). The file's format (one CloudFormation document makes the whole file
 * CloudFormation) and the style fix edits are written in (indentation, sequence indentation,
 * line endings) are the context. CloudFormation templates are not covered: a resource there
 * depends on Parameters, Mappings and Conditions of the same document.
 */
import type { Format, Resource } from '../../core/model';
import type { ScopeSnapshot } from '../../incremental/check-cache';
import { detectIndentedSequences, detectIndentUnit, eolOf } from './edit-utils';

export function kubernetesScopeSnapshot(path: string, text: string, format: Format | undefined, cuts: readonly number[] | undefined): ScopeSnapshot | undefined {
  if (format !== 'kubernetes' || !cuts) return undefined;
  return {
    context: `kubernetes\u0000${JSON.stringify([detectIndentUnit(text), detectIndentedSequences(text), eolOf(text)])}`,
    texts: new Map([[path, text]]),
    regionOf(resource: Resource): readonly [number, number] | undefined {
      if (resource.file !== path) return undefined;
      const offset = resource.range.start.offset;
      // The last cut at or before the object's start.
      let lo = 0;
      let hi = cuts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (cuts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return [cuts[lo], lo + 1 < cuts.length ? cuts[lo + 1] : text.length];
    },
  };
}
