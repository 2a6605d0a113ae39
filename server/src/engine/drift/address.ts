/**
 * Terraform resource instance addresses: `aws_instance.web[0]`, `module.x["a"].aws_s3_bucket.y`.
 * Code resources keep their base address (no instance keys, `count`/`for_each` unexpanded), so
 * state instances are matched to code by the address with every `[key]` removed.
 */

export type InstanceKey = number | string;

/** `[0]` for a count index, `["a"]` for a for_each key (JSON string quoting, as Terraform prints it). */
export function formatKey(key: InstanceKey): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/**
 * The address without instance keys: `module.x["a"].aws_instance.web[0]` -> `module.x.aws_instance.web`.
 * Keys are skipped with their quoting, so a key holding `.` or `]` cannot confuse it.
 */
export function baseAddress(address: string): string {
  let out = '';
  let i = 0;
  while (i < address.length) {
    const c = address[i];
    if (c !== '[') {
      out += c;
      i++;
      continue;
    }
    i++;
    while (i < address.length && address[i] !== ']') {
      if (address[i] === '"') {
        i++;
        while (i < address.length && address[i] !== '"') i += address[i] === '\\' ? 2 : 1;
      }
      i++;
    }
    i++;
  }
  return out;
}

/** Joins a module path (`module.a.module.b`, or '' for the root) and a resource address. */
export function withModule(module: string, address: string): string {
  return module ? `${module}.${address}` : address;
}

/** `data.aws_iam_policy_document.p` for data sources, `aws_s3_bucket.b` for managed resources. */
export function resourceAddress(mode: 'managed' | 'data', type: string, name: string, key?: InstanceKey): string {
  return `${mode === 'data' ? 'data.' : ''}${type}.${name}${key === undefined ? '' : formatKey(key)}`;
}
