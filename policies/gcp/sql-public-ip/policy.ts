import { definePolicy } from '../../../server/src/engine/core/policy';
import { asBool, blocks, scalar, type ModelNode } from '../../../server/src/engine/core/model';

function isOpenNetwork(value: string): boolean {
  return value.trim().endsWith('/0');
}

export default definePolicy({
  id: 'IAC-GCP-SQL-001',
  title: 'Cloud SQL instance has a public IP',
  severity: 'high',
  description:
    'A `google_sql_database_instance` has a public IPv4 address (`settings.ip_configuration.ipv4_enabled` true, or unset: the provider default is true), or authorizes `0.0.0.0/0` in `authorized_networks`.',
  rationale:
    'A public IP puts the database endpoint on the internet, where only the authorized-networks list and the database password stand between it and attackers; authorizing 0.0.0.0/0 removes the list altogether.',
  remediation:
    'Connect over a private IP (`ipv4_enabled = false` with `private_network` set) or Private Service Connect; if a public IP is unavoidable, use the Cloud SQL Auth Proxy / connectors and never authorize 0.0.0.0/0.',
  compliance: [
    { framework: 'CIS GCP Foundations 2.0', control: '6.5' },
    { framework: 'CIS GCP Foundations 2.0', control: '6.6' },
    { framework: 'SOC 2', control: 'CC6.6' },
    { framework: 'HIPAA', control: '164.312(e)(1)' },
    { framework: 'PCI DSS 4.0', control: '1.4.4' },
    { framework: 'GDPR', control: 'Art. 32' },
    { framework: 'NIST 800-53', control: 'SC-7' },
  ],
  aliases: {
    checkov: ['CKV_GCP_60', 'CKV_GCP_11'],
    kics: ['b187edca-b81e-4fdc-aff4-aab57db45edb'],
    trivy: ['AVD-GCP-0017', 'google-sql-no-public-access'],
  },
  deviations: [
    'A public IP restricted to specific authorized networks is still reported (CIS GCP 6.6: no public IP); KICS accepts it when `authorized_networks` is present.',
    'An authorized network open to the world (any `/0`) is reported at its `value` and replaces the plain public-IP finding; it is not reported when `ipv4_enabled = false` (the list then has no effect).',
    'Checkov CKV_GCP_60 only looks at SQL Server instances; this policy applies to every engine.',
  ],
  formats: ['terraform'],
  resourceTypes: { terraform: ['google_sql_database_instance'] },
  check(resource, ctx) {
    const [settings] = blocks(resource.body, 'settings');
    if (resource.body.dynamicBlocks?.includes('settings')) return;
    const [ipConfig] = blocks(settings, 'ip_configuration');
    if (settings?.dynamicBlocks?.includes('ip_configuration')) return;

    const ipv4Node = ipConfig?.entries.get('ipv4_enabled');
    const ipv4 = ipv4Node ? asBool(ipv4Node) : true; // unset: the provider default is true
    if (ipv4 !== true) return; // false, or unknown

    const openNetworks: { node: ModelNode; value: string }[] = [];
    for (const network of blocks(ipConfig, 'authorized_networks')) {
      const valueNode = network.entries.get('value');
      const value = scalar(valueNode);
      if (valueNode && typeof value === 'string' && isOpenNetwork(value)) openNetworks.push({ node: valueNode, value });
    }
    if (openNetworks.length) {
      for (const open of openNetworks) {
        ctx.report({
          node: open.node,
          message: `Cloud SQL instance "${resource.name}" authorizes ${open.value} on its public IP: remove this authorized network and connect through a private IP or the Cloud SQL Auth Proxy.`,
        });
      }
      return;
    }

    const message = `Cloud SQL instance "${resource.name}" has a public IP`;
    if (ipv4Node) {
      ctx.report({ node: ipv4Node, message: `${message} (ipv4_enabled = true): set ipv4_enabled = false and connect through private_network.` });
    } else if (ipConfig) {
      ctx.report({
        range: ipConfig.headerRange ?? ipConfig.range,
        message: `${message} (ipv4_enabled defaults to true): add ipv4_enabled = false and connect through private_network.`,
      });
    } else if (settings) {
      ctx.report({
        range: settings.headerRange ?? settings.range,
        message: `${message} (no ip_configuration, so ipv4_enabled defaults to true): add an ip_configuration block with ipv4_enabled = false and private_network.`,
      });
    } else {
      ctx.report({ message: `${message} (ipv4_enabled defaults to true): configure settings.ip_configuration with ipv4_enabled = false.` });
    }
  },
});
