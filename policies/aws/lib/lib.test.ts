/**
 * The AWS policies' shared readers, where the fixture harness (which compares lines only) cannot
 * see enough: exact ranges inside a re-parsed jsonencode(), CIDR spellings, port/protocol logic,
 * registry module sources and version pins.
 */
import * as assert from 'node:assert/strict';
import type { MapNode, ModelNode, Resource, UnknownNode } from '../../../server/src/engine/core/model';
import { LineIndex } from '../../../server/src/engine/core/range';
import { adminStatements, policyDocument } from './iam';
import { isRegistryModule, pinnedMajor } from './modules';
import { isInternetCidr, opensAllPorts, opensPort, type IngressRule } from './network';

function scalar(value: string | number | boolean | null): ModelNode {
  const range = new LineIndex('').range(0, 0);
  return { kind: 'scalar', file: 'main.tf', range, value };
}

function moduleCall(entries: Record<string, string>): Resource {
  const range = new LineIndex('').range(0, 0);
  const body: MapNode = { kind: 'map', file: 'main.tf', range, entries: new Map(Object.entries(entries).map(([k, v]) => [k, scalar(v)])) };
  return { format: 'terraform', kind: 'module', type: 'module', name: 'm', address: 'module.m', file: 'main.tf', range, headerRange: range, body };
}

describe('AWS policy readers', () => {
  describe('policyDocument / adminStatements', () => {
    it('reads a JSON string and reports without a position of its own', () => {
      const doc = policyDocument(scalar('{"Statement":[{"Sid":"All","Effect":"Allow","Action":["*"],"Resource":"*"}]}'));
      assert.ok(doc);
      assert.deepEqual(adminStatements(doc), [{ label: 'statement "All"', range: undefined }]);
    });

    it('ignores Deny, narrower actions or resources, and text that is not JSON', () => {
      for (const json of [
        '{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}',
        '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
        '{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}}',
        '{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}',
      ]) {
        assert.deepEqual(adminStatements(policyDocument(scalar(json))!), [], json);
      }
      assert.equal(policyDocument(scalar('{"Statement": [')), undefined);
    });

    it('re-parses an unknown jsonencode() and reports the literal "*" action at its exact range', () => {
      const file = [
        'resource "aws_iam_policy" "p" {',
        '  policy = jsonencode({',
        '    Statement = [',
        '      { Effect = "Allow", Action = "s3:GetObject", Resource = aws_s3_bucket.b.arn },',
        '      {',
        '        Effect   = "Allow"',
        '        Action   = ["*"]',
        '        Resource = "*"',
        '      },',
        '    ]',
        '  })',
        '}',
        '',
      ].join('\n');
      const start = file.indexOf('jsonencode(');
      const end = file.indexOf('})') + 2;
      const lines = new LineIndex(file);
      const node: UnknownNode = { kind: 'unknown', file: 'main.tf', range: lines.range(start, end), text: file.slice(start, end), refs: ['aws_s3_bucket.b'] };
      const [statement, ...rest] = adminStatements(policyDocument(node)!);
      assert.equal(rest.length, 0);
      assert.equal(statement.label, 'statement 2');
      const star = file.indexOf('"*"');
      assert.deepEqual(statement.range, lines.range(star, star + 3));
    });

    it('leaves an unknown value alone when it is not a jsonencode() of its own source text', () => {
      const range = new LineIndex('var.policy').range(0, 10);
      assert.equal(policyDocument({ kind: 'unknown', file: 'main.tf', range, text: 'var.policy', refs: ['var.policy'] }), undefined);
    });
  });

  describe('security group rules', () => {
    const rule = (protocol: IngressRule['protocol'], from?: number, to?: number): IngressRule => ({ owner: 'x', protocol, from, to, openSources: [] });

    it('knows the internet in IPv4 and every spelling of the IPv6 zero address', () => {
      for (const cidr of ['0.0.0.0/0', '::/0', '::0/0', '0:0:0:0:0:0:0:0/0', ' 0.0.0.0/0 ']) assert.ok(isInternetCidr(cidr), cidr);
      for (const cidr of ['10.0.0.0/8', '0.0.0.0/1', '1.0.0.0/0', '::/1', 'fc00::/8', '']) assert.ok(!isInternetCidr(cidr), cidr);
    });

    it('opens a port through ranges and protocol -1, never through unknown ports', () => {
      assert.ok(opensPort(rule('tcp', 20, 25), 22, ['tcp']));
      assert.ok(opensPort(rule('all'), 22, ['tcp']));
      assert.ok(!opensPort(rule('udp', 22, 22), 22, ['tcp']));
      assert.ok(!opensPort(rule('tcp', 23, 25), 22, ['tcp']));
      assert.ok(!opensPort(rule('tcp'), 22, ['tcp']));
      assert.ok(opensAllPorts(rule('tcp', 0, 65535)) && opensAllPorts(rule('udp', 1, 65535)) && opensAllPorts(rule('all')));
      assert.ok(!opensAllPorts(rule('tcp', 1024, 65535)) && !opensAllPorts(rule('other', 0, 65535)));
    });
  });

  describe('registry modules', () => {
    it('recognises registry, host-qualified and GitHub sources, and submodules only when asked', () => {
      assert.ok(isRegistryModule(moduleCall({ source: 'terraform-aws-modules/s3-bucket/aws' }), 's3-bucket'));
      assert.ok(isRegistryModule(moduleCall({ source: 'registry.terraform.io/terraform-aws-modules/s3-bucket/aws' }), 's3-bucket'));
      assert.ok(isRegistryModule(moduleCall({ source: 'git::https://github.com/terraform-aws-modules/terraform-aws-s3-bucket.git?ref=v4.1.0' }), 's3-bucket'));
      assert.ok(!isRegistryModule(moduleCall({ source: 'terraform-aws-modules/s3-bucket/aws//modules/object' }), 's3-bucket'));
      assert.ok(isRegistryModule(moduleCall({ source: 'terraform-aws-modules/security-group/aws//modules/ssh' }), 'security-group', 'modules/ssh'));
      assert.ok(!isRegistryModule(moduleCall({ source: './modules/s3-bucket' }), 's3-bucket'));
      assert.ok(!isRegistryModule(moduleCall({ source: 'someone/s3-bucket/aws' }), 's3-bucket'));
    });

    it('reads a pinned major version, and nothing from open-ended constraints', () => {
      assert.equal(pinnedMajor(moduleCall({ version: '3.7.0' })), 3);
      assert.equal(pinnedMajor(moduleCall({ version: '~> 3.0' })), 3);
      assert.equal(pinnedMajor(moduleCall({ version: '= 4.1' })), 4);
      assert.equal(pinnedMajor(moduleCall({ version: '>= 3.0' })), undefined);
      assert.equal(pinnedMajor(moduleCall({})), undefined);
    });
  });
});
