/**
 * Entry points: a YAML or JSON file -> StructuredFileModel (CloudFormation, Kubernetes or neither).
 *
 * Files that are neither (GitHub workflows, Helm values, package.json, tsconfig) come back with
 * `format: undefined` and no errors. Syntax errors are only reported for files that are, or look
 * like, CloudFormation or Kubernetes. Nothing here throws.
 */
import type { Format, Resource } from '../../core/model';
import type { InputError } from '../../core/policy';
import { LineIndex } from '../../core/range';
import type { StructuredFileModel, StructuredParseOptions } from '../contracts';
import { cloudFormationResources, isCloudFormationTemplate } from './cloudformation';
import { parseJsonWithRanges } from './json-parser';
import { isKubernetesObject, kubernetesResources } from './kubernetes';
import type { RawMap, RawSyntaxError } from './raw';
import { findReferencing } from './referencing';
import type { ModelContext } from './to-model';
import { readYaml } from './yaml-reader';

export function analyzeYamlFile(path: string, text: string, options: StructuredParseOptions = {}): StructuredFileModel {
  try {
    return analyzeYaml(path, text, options);
  } catch (error) {
    return failure(path, error);
  }
}

export function analyzeJsonFile(path: string, text: string): StructuredFileModel {
  try {
    return analyzeJson(path, text);
  } catch (error) {
    return failure(path, error);
  }
}

function analyzeYaml(path: string, text: string, options: StructuredParseOptions): StructuredFileModel {
  const documents = readYaml(text, { maxAliasCount: options.maxAliasCount, cache: options.yamlCache });
  const syntaxErrors: RawSyntaxError[] = [];
  const warnings: RawSyntaxError[] = [];
  const cfn: RawMap[] = [];
  const k8s: { raw: RawMap; index: number }[] = [];
  documents.forEach((doc, i) => {
    syntaxErrors.push(...doc.errors);
    warnings.push(...doc.warnings);
    if (isCloudFormationTemplate(doc.value)) cfn.push(doc.value);
    else if (isKubernetesObject(doc.value)) k8s.push({ raw: doc.value, index: i + 1 });
  });
  let format: Format | undefined = cfn.length ? 'cloudformation' : k8s.length ? 'kubernetes' : undefined;
  const lines = new LineIndex(text);
  const errors: InputError[] = [];
  if (syntaxErrors.length) {
    if (text.includes('{{')) {
      // A Helm chart template or another Go template: not YAML until rendered. Saying so once is
      // more useful than a parse error per `{{ ... }}`.
      return {
        format: undefined,
        resources: [],
        errors: [{ file: path, severity: 'info', message: 'Skipped: contains Go/Helm template syntax ({{ ... }}) and is not valid YAML until rendered', range: lines.range(syntaxErrors[0].start, syntaxErrors[0].end) }],
        referencing: () => [],
      };
    }
    format ??= sniffYaml(text);
    if (!format) return empty();
    for (const e of syntaxErrors) errors.push({ file: path, severity: 'error', message: `YAML: ${e.message}`, range: lines.range(e.start, e.end) });
  }
  if (format) for (const w of warnings) errors.push({ file: path, severity: 'warning', message: `YAML: ${w.message}`, range: lines.range(w.start, w.end) });
  const ctx: ModelContext = { file: path, text, lines };
  const resources: Resource[] = [];
  if (format === 'cloudformation') for (const root of cfn) resources.push(...cloudFormationResources(root, ctx));
  else if (format === 'kubernetes') for (const { raw, index } of k8s) resources.push(...kubernetesResources(raw, ctx, index));
  return model(format, resources, errors);
}

function analyzeJson(path: string, text: string): StructuredFileModel {
  const { value, errors: syntaxErrors } = parseJsonWithRanges(text);
  const lines = new LineIndex(text);
  if (syntaxErrors.length) {
    const format = sniffJson(text);
    if (!format) return empty();
    const errors: InputError[] = syntaxErrors.map((e) => ({ file: path, severity: 'error', message: `JSON: ${e.message}`, range: lines.range(e.start, e.end) }));
    return model(format, [], errors);
  }
  const ctx: ModelContext = { file: path, text, lines };
  if (isCloudFormationTemplate(value)) return model('cloudformation', cloudFormationResources(value, ctx), []);
  if (isKubernetesObject(value)) return model('kubernetes', kubernetesResources(value, ctx, 1), []);
  return empty();
}

/** What a file that does not parse was meant to be, judged from its top-level keys. */
function sniffYaml(text: string): Format | undefined {
  if (/^AWSTemplateFormatVersion\s*:/m.test(text) || /^Resources\s*:/m.test(text)) return 'cloudformation';
  if (/^(?:- )?apiVersion\s*:/m.test(text) && /^(?:- )?\s*kind\s*:/m.test(text)) return 'kubernetes';
  return undefined;
}

function sniffJson(text: string): Format | undefined {
  if (/"AWSTemplateFormatVersion"\s*:/.test(text) || (/"Resources"\s*:/.test(text) && /"Type"\s*:\s*"(AWS|Alexa|Custom)::/.test(text))) return 'cloudformation';
  if (/"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text)) return 'kubernetes';
  return undefined;
}

function model(format: Format | undefined, resources: Resource[], errors: InputError[]): StructuredFileModel {
  return {
    format,
    resources,
    errors,
    referencing: (target, type, attribute) => findReferencing(resources, target, type, attribute),
  };
}

function empty(): StructuredFileModel {
  return model(undefined, [], []);
}

function failure(path: string, error: unknown): StructuredFileModel {
  const message = error instanceof Error ? error.message : String(error);
  return model(undefined, [], [{ file: path, severity: 'error', message: `Could not analyse this file (internal error: ${message})` }]);
}
