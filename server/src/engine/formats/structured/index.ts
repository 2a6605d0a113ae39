/**
 * YAML / JSON adapters: CloudFormation (YAML and JSON) and Kubernetes, to the neutral model,
 * with fix builders that write in each file's own style.
 */
export { analyzeJsonFile, analyzeYamlFile } from './analyze';
export { parseJsonWithRanges } from './json-parser';
export type { JsonParseResult } from './json-parser';
export type { RawEntry, RawList, RawMap, RawNode, RawScalar, RawSyntaxError } from './raw';
export { rawEntry, rawGet, rawString } from './raw';
export { CFN_SHORT_TAGS, YamlStreamCache } from './yaml-reader';
export { containersOf, podSpecOf, WORKLOAD_KINDS } from './kubernetes';
export type { ContainerKind } from './kubernetes';
export { createYamlFixBuilder } from './fix-yaml';
export { createJsonFixBuilder } from './fix-json';
