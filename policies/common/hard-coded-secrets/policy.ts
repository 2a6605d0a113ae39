import type { MapNode, ModelNode, Resource, ScalarNode } from '../../../server/src/engine/core/model';
import { definePolicy } from '../../../server/src/engine/core/policy';
import type { CheckContext } from '../../../server/src/engine/core/policy';
import { detectSecret, redact, type Detection } from './detect';

/** Where a value sits in its resource, for messages: `environment.variables.DB_PASSWORD`. */
type Path = string;

/** A Kubernetes annotation that repeats the whole applied object, Secrets included. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function join(path: Path, key: string): Path {
  const part = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${part}` : part;
}

/** `{ name: DB_PASSWORD, value: ... }` (env vars in Kubernetes, ECS, Terraform): the name names the value. */
function pairedName(map: MapNode): { valueKey: string; name: string } | undefined {
  let nameKey: string | undefined;
  let valueKey: string | undefined;
  for (const key of map.entries.keys()) {
    const lower = key.toLowerCase();
    if (lower === 'name') nameKey = key;
    else if (lower === 'value') valueKey = key;
  }
  if (!nameKey || !valueKey) return undefined;
  const name = map.entries.get(nameKey);
  return name?.kind === 'scalar' && typeof name.value === 'string' && name.value ? { valueKey, name: name.value } : undefined;
}

/** What to walk in an entity, with the name each root value is assigned to. */
function roots(resource: Resource): { node: ModelNode; key: string | undefined; path: Path }[] {
  const body = resource.body;
  const entries = (map: MapNode, skip: (key: string) => boolean = () => false, prefix = '') =>
    [...map.entries].filter(([key]) => !skip(key)).map(([key, node]) => ({ node, key, path: join(prefix, key) }));
  if (resource.format === 'terraform') {
    // A variable's default and an output's value are named by the block's label.
    if (resource.kind === 'variable') {
      const value = body.entries.get('default');
      return value ? [{ node: value, key: resource.name, path: 'default' }] : [];
    }
    if (resource.kind === 'output') {
      const value = body.entries.get('value');
      return value ? [{ node: value, key: resource.name, path: 'value' }] : [];
    }
    return entries(body);
  }
  if (resource.format === 'kubernetes') {
    // Secrets are where secrets belong; everything else (ConfigMaps, env values, CRDs) is checked.
    const isSecret = resource.type === 'Secret';
    return entries(body, (key) => isSecret && (key === 'data' || key === 'stringData'));
  }
  // CloudFormation Parameters are `variable` entities: their Default is checked like a Terraform
  // variable default (named by the parameter).
  if (resource.kind === 'variable') {
    const value = body.entries.get('Default');
    return value ? [{ node: value, key: resource.name, path: 'Default' }] : [];
  }
  const out = entries(body);
  if (resource.metadata) out.push(...entries(resource.metadata, () => false, 'Metadata'));
  return out;
}

function subject(resource: Resource): string {
  return resource.format === 'kubernetes' ? `${resource.type} "${resource.name}"` : resource.address;
}

function advice(resource: Resource): string {
  switch (resource.format) {
    case 'terraform':
      return 'move it to a sensitive variable without a default or read it from a secret store (Secrets Manager, SSM SecureString, Vault, Key Vault), and rotate it';
    case 'cloudformation':
      return 'use a dynamic reference ({{resolve:secretsmanager:...}} / {{resolve:ssm-secure:...}}) or a NoEcho parameter without a Default, and rotate it';
    default:
      return 'move it to a Secret (valueFrom.secretKeyRef) or an external secret store, and rotate it';
  }
}

/**
 * A value reached through a reference (`var.x`, `!Ref Param`) is reported where it is written.
 * A template that also adds literal text (`"user:${var.pw}@host"`) is longer than its origin and is
 * reported where it is used instead.
 */
function location(node: ScalarNode, value: string): { range: ModelNode['range']; file: string; via?: string } {
  const origin = node.origin;
  if (origin && value.length <= origin.range.end.offset - origin.range.start.offset) return { range: origin.range, file: origin.file, via: origin.via };
  return { range: node.range, file: node.file };
}

function reportSecret(resource: Resource, ctx: CheckContext, node: ScalarNode, value: string, path: Path, found: Detection, seen: Set<string>): void {
  const at = location(node, value);
  const key = `${at.file}\u0000${at.range.start.offset}`;
  if (seen.has(key)) return;
  seen.add(key);
  const via = at.via ? ` (set by ${at.via})` : '';
  ctx.report({
    range: at.range,
    file: at.file,
    message: `${subject(resource)}: ${path}${via} holds ${found.label} (${redact(found.secret)}): ${advice(resource)}.`,
  });
}

function walk(resource: Resource, ctx: CheckContext, node: ModelNode, key: string | undefined, path: Path, seen: Set<string>): void {
  switch (node.kind) {
    case 'unknown':
      return; // never report what could not be resolved
    case 'scalar': {
      if (typeof node.value !== 'string') return;
      const found = detectSecret(node.value, key);
      if (found) reportSecret(resource, ctx, node, node.value, path, found, seen);
      return;
    }
    case 'list':
      // A key names one value: list items keep it only when they are blocks or objects (whose
      // own keys then decide), so `Password: [NoEcho]` is not read as a password.
      node.items.forEach((item, i) =>
        walk(resource, ctx, item, item.kind === 'map' ? key : undefined, node.items.length === 1 && item.kind === 'map' && item.isBlock ? path : `${path}[${i}]`, seen),
      );
      return;
    case 'map': {
      const paired = pairedName(node);
      for (const [childKey, child] of node.entries) {
        if (resource.format === 'kubernetes' && childKey === LAST_APPLIED) continue;
        const isPairedValue = paired !== undefined && childKey === paired.valueKey;
        walk(resource, ctx, child, isPairedValue ? paired.name : childKey, isPairedValue ? `${join(path, childKey)} (${paired.name})` : join(path, childKey), seen);
      }
      return;
    }
  }
}

export default definePolicy({
  id: 'IAC-SECRET-001',
  title: 'Hard-coded secret',
  severity: 'critical',
  description:
    'A literal secret is written in the code: an AWS access key id (AKIA…/ASIA…) anywhere, an AWS secret access key, a PEM private key (also base64-encoded), ' +
    'a password in a URL, or a literal value assigned to a password/secret/token/API-key field (attributes, properties, variable defaults, env vars, ConfigMap keys).',
  rationale:
    'Whatever is in the repository is readable by everyone with access to it, to its forks, CI logs, backups and history, forever: ' +
    'rotating the secret is the only remedy once it is committed. Leaked cloud keys are exploited within minutes of being pushed to a public repository.',
  remediation:
    'Remove the value, rotate the secret, and inject it at deploy time: Terraform sensitive variables without defaults or data sources of a secret store; ' +
    'CloudFormation dynamic references ({{resolve:secretsmanager:...}}) or NoEcho parameters; Kubernetes Secrets referenced with valueFrom.secretKeyRef.',
  compliance: [
    { framework: 'SOC 2', control: 'CC6.1' },
    { framework: 'PCI DSS 4.0', control: '8.6.2' },
    { framework: 'PCI DSS 4.0', control: '8.3.2' },
    { framework: 'NIST 800-53', control: 'IA-5(7)' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'CWE', control: '798' },
  ],
  aliases: {
    checkov: ['CKV_SECRET_2', 'CKV_SECRET_4', 'CKV_SECRET_13', 'CKV_AWS_41', 'CKV_AWS_45', 'CKV_AWS_46'],
    kics: [
      '1402afd8-a95c-4e84-8b0b-6fb43758e6ce', // terraform: Hardcoded AWS Access Key In Lambda
      '443488f5-c734-460b-a36d-5b3f330174dc', // terraform: User Data Contains Encoded Private Key
      '568cc372-ca64-420d-9015-ee347d00d288', // cloudFormation: User Data Contains Encoded Private Key
      '06adef8c-c284-4de7-aad2-af43b07a8ca1', // cloudFormation: IAM User LoginProfile Password Is In Plaintext
      '39423ce4-9011-46cd-b6b1-009edcd9385d', // cloudFormation: DocDB Cluster Master Password In Plaintext
      '5f700072-b7ce-4e84-b3f3-497bf1c24a4d', // cloudFormation: DMS Endpoint Password Exposed
      'f988a17f-1139-46a3-8928-f27eafd8b024', // cloudFormation: DMS Endpoint MongoDB Settings Password Exposed
      '06b9f52a-8cd5-459b-bdc6-21a22521e1be', // cloudFormation: Directory Service Microsoft AD Password Set To Plaintext Or Default Ref
      '6685d912-d81f-4cfa-95ad-e316ea31c989', // cloudFormation: Directory Service Simple AD Password Exposed
      '71493c8b-3014-404c-9802-078b74496fb7', // cloudFormation: Amplify App Basic Auth Config Password Exposed
      'dfb56e5d-ee68-446e-b32a-657b62befe69', // cloudFormation: Amplify Branch Basic Auth Config Password Exposed
      '3c3b7a58-b018-4d07-9444-d9ee7156e111', // cloudFormation: Alexa Skill Plaintext Client Secret Exposed
    ],
    trivy: ['aws-access-key-id', 'aws-secret-access-key', 'private-key'],
  },
  deviations: [
    'One policy replaces KICS\'s per-resource "password in plaintext" queries and Checkov\'s per-resource secret checks: any literal under a secret-named key is reported, in every resource type.',
    'Literal values are reported where they are written: a `!Ref` to a parameter Default or a `var.x` with a default / tfvars value is reported on that default or tfvars line (as KICS does for CloudFormation parameter defaults), once even when several resources use it.',
    'A CloudFormation parameter whose name is secret-like (`ParentMasterPassword`) and whose Default is a literal is reported on that Default even when no resource refers to it (parameters are `variable` entities).',
    'Alexa skill: KICS checks only ClientSecret; its negative samples keep a literal RefreshToken, which we report.',
    'Not aliased: KICS "Hardcoded AWS Access Key" (terraform) and "Hardcoded AWS Access Key In Lambda" (CloudFormation) flag any 40-character string such as "1234567890123456789012345678901234567890$" under any key; we look for 40-character secret keys only under secret-key names. KICS "CloudFormation Specifying Credentials Not Safe" reports credentials even when they are Refs.',
    'Kubernetes Secret `data` / `stringData` are not reported: that is where secrets belong (whether the Secret manifest itself should be committed is another question).',
    'A key names one value: scalars in a list under a secret-named key are only checked for private keys, AWS key ids and URL passwords.',
  ],
  formats: ['terraform', 'cloudformation', 'kubernetes'],
  resourceTypes: { terraform: ['*'], cloudformation: ['*'], kubernetes: ['*'] },
  kinds: ['resource', 'data', 'provider', 'module', 'variable', 'locals', 'output', 'terraform'],
  check(resource, ctx) {
    const seen = new Set<string>();
    for (const root of roots(resource)) walk(resource, ctx, root.node, root.key, root.path, seen);
  },
});
