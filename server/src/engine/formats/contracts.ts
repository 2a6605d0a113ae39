/**
 * The contracts between the engine's orchestrator (project.ts) and the format adapters.
 * Each adapter turns text into the neutral model (core/model.ts) and knows how to write edits
 * in its own syntax (core/policy.ts FixBuilder). Nothing here may import Node or vscode.
 */
import type { Format, Resource } from '../core/model';
import type { FixBuilder, InputError } from '../core/policy';
import type { YamlStreamCache } from './structured/yaml-reader';

/** What an adapter built from one file (CloudFormation, Kubernetes) or one module (Terraform). */
export interface ModelScope {
  resources: Resource[];
  errors: InputError[];
  /**
   * Resources of `type` whose `attribute` refers to `target`, by reference (`aws_s3_bucket.b.id`,
   * `!Ref MyBucket`) or by equal literal name. Backs CheckContext.referencing.
   */
  referencing(target: Resource, type: string, attribute: string): Resource[];
}

/** A YAML or JSON file that may hold CloudFormation or Kubernetes. */
export interface StructuredFileModel extends ModelScope {
  /** undefined: neither CloudFormation nor Kubernetes; the file is ignored quietly. */
  format: Format | undefined;
}

export interface StructuredParseOptions {
  /** Bound on YAML alias expansion (alias bombs); the yaml package's `maxAliasCount`. */
  maxAliasCount?: number;
  /**
   * Kept by the caller between reads of the same YAML file: documents whose text did not change
   * are not parsed again (structured/yaml-reader.ts YamlStreamCache). Same result without it.
   */
  yamlCache?: YamlStreamCache;
}

/** Returns the current text of a file the fix builder edits (edits are computed against it). */
export type TextProvider = (file: string) => string | undefined;

export type FixBuilderFactory = (getText: TextProvider) => FixBuilder;
