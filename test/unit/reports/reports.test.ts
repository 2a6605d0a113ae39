import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { definePolicy, type Finding, type InputError, type Policy } from '../../../server/src/engine/core/policy';
import { LineIndex } from '../../../server/src/engine/core/range';
import { toJsonReport, toSarif, toText, hash53, ruleName, artifactLocation } from '../../../server/src/engine/reports/index';
import { suppressionPolicies } from '../../../server/src/engine/suppressions/index';

const SHARED_SARIF = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'formats', 'sarif');

const policies: Policy[] = [
  definePolicy({
    id: 'IAC-AWS-S3-001',
    title: 'S3 bucket without server-side encryption',
    severity: 'high',
    description: 'S3 buckets should encrypt objects at rest.',
    rationale: 'Unencrypted data is readable by anyone who gets the disks or a snapshot.',
    remediation: 'Add a server_side_encryption_configuration.',
    compliance: [
      { framework: 'SOC 2', control: 'CC6.1' },
      { framework: 'NIST 800-53', control: 'SC-28' },
    ],
    aliases: { checkov: ['CKV_AWS_19'], trivy: ['AVD-AWS-0088', 'aws-s3-enable-bucket-encryption'] },
    formats: ['terraform'],
    resourceTypes: { terraform: ['aws_s3_bucket'] },
    fixable: true,
    check: () => undefined,
  }),
  definePolicy({
    id: 'IAC-K8S-POD-001',
    title: 'Privileged container',
    severity: 'critical',
    description: 'Containers should not run privileged.',
    rationale: 'A privileged container is root on the node.',
    remediation: 'Set securityContext.privileged to false.',
    compliance: [{ framework: 'CIS Kubernetes 1.8', control: '5.2.1' }],
    aliases: { kics: ['dd29336b-fe57-445b-a26e-e6aa867ae609'] },
    formats: ['kubernetes'],
    resourceTypes: { kubernetes: ['Pod'] },
    check: () => undefined,
  }),
  ...suppressionPolicies,
];

const TF = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n# iac-audit:ignore IAC-AWS-S3-001\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      securityContext:\n        privileged: true\n';
const tfIndex = new LineIndex(TF);
const podIndex = new LineIndex(POD);

function finding(partial: Partial<Finding> & Pick<Finding, 'policyId' | 'file' | 'range'>): Finding {
  return {
    title: policies.find((p) => p.id === partial.policyId)?.title ?? 'unknown',
    severity: policies.find((p) => p.id === partial.policyId)?.severity ?? 'low',
    message: 'message',
    resource: '',
    resourceType: '',
    format: 'terraform',
    suppressed: null,
    ...partial,
  };
}

const s3Finding = finding({
  policyId: 'IAC-AWS-S3-001',
  file: 'infra/main.tf',
  range: tfIndex.range(0, 31),
  message: 'S3 bucket "logs" has no server-side encryption.',
  resource: 'aws_s3_bucket.logs',
  resourceType: 'aws_s3_bucket',
  fix: {
    description: 'enable SSE-S3 encryption',
    safe: true,
    edits: [{ file: 'infra/main.tf', range: tfIndex.range(50, 50), newText: '  server_side_encryption_configuration {}\n' }],
  },
});
const privileged = finding({
  policyId: 'IAC-K8S-POD-001',
  file: 'k8s/pod.yaml',
  range: podIndex.range(POD.indexOf('privileged: true') + 12, POD.indexOf('privileged: true') + 16),
  message: 'Container "web" of Pod "web" runs privileged.',
  resource: 'Pod/default/web',
  resourceType: 'Pod',
  format: 'kubernetes',
  suppressed: {
    kind: 'checkov',
    reason: 'needs raw sockets',
    expires: null,
    file: 'k8s/pod.yaml',
    range: podIndex.range(0, 5),
  },
});
const directive = finding({
  policyId: 'IAC-SUPPRESS-001',
  file: 'infra/main.tf',
  range: tfIndex.range(TF.indexOf('# iac'), TF.length - 1),
  message: 'Suppression of IAC-AWS-S3-001 gives no reason: add reason="why this risk is accepted".',
});
const parseError: InputError = { file: 'infra/broken.tf', message: 'Expected "}"', range: tfIndex.range(17, 18), severity: 'error' };
const skipped: InputError = { file: 'big.yaml', message: 'File skipped: 3.0 MB is over the 2.0 MB size limit.', severity: 'warning' };

const scan = {
  files: ['infra/broken.tf', 'infra/main.tf', 'k8s/pod.yaml'],
  findings: [privileged, directive, s3Finding],
  errors: [skipped, parseError],
  resources: 2,
};

describe('JSON report', () => {
  it('renders the documented contract exactly', () => {
    const report = toJsonReport(scan, { toolVersion: '0.1.0', policies, policyPackVersion: '2026.11.0' });
    const fp = (f: Finding, n = 0) => hash53(`${f.policyId}\u0000${f.file}\u0000${f.resource}\u0000${f.message}\u0000${n}`);
    assert.deepEqual(report, {
      version: 1,
      tool: { name: 'iac-audit', version: '0.1.0', policyPackVersion: '2026.11.0' },
      summary: { files: 3, findings: 2, suppressed: 1, bySeverity: { critical: 0, high: 1, medium: 0, low: 1, info: 0 }, errors: 2, resources: 2 },
      findings: [
        {
          policyId: 'IAC-AWS-S3-001',
          title: 'S3 bucket without server-side encryption',
          message: 'S3 bucket "logs" has no server-side encryption.',
          severity: 'high',
          aliases: { checkov: ['CKV_AWS_19'], kics: [], trivy: ['AVD-AWS-0088', 'aws-s3-enable-bucket-encryption'] },
          file: 'infra/main.tf',
          range: { start: { line: 1, column: 1 }, end: { line: 1, column: 32 } },
          resource: 'aws_s3_bucket.logs',
          suppressed: null,
          compliance: [
            { framework: 'SOC 2', control: 'CC6.1' },
            { framework: 'NIST 800-53', control: 'SC-28' },
          ],
          fixable: true,
          resourceType: 'aws_s3_bucket',
          format: 'terraform',
          docs: 'https://github.com/iac-audit/iac-audit/blob/main/docs/policies/IAC-AWS-S3-001.md',
          fix: { description: 'enable SSE-S3 encryption', safe: true },
          fingerprint: fp(s3Finding),
        },
        {
          policyId: 'IAC-SUPPRESS-001',
          title: 'Suppression without a reason',
          message: 'Suppression of IAC-AWS-S3-001 gives no reason: add reason="why this risk is accepted".',
          severity: 'low',
          aliases: { checkov: [], kics: [], trivy: [] },
          file: 'infra/main.tf',
          range: { start: { line: 4, column: 1 }, end: { line: 4, column: 34 } },
          resource: '',
          suppressed: null,
          compliance: suppressionPolicies[0].compliance,
          fixable: false,
          resourceType: '',
          format: 'terraform',
          docs: 'https://github.com/iac-audit/iac-audit/blob/main/docs/policies/IAC-SUPPRESS-001.md',
          fix: null,
          fingerprint: fp(directive),
        },
        {
          policyId: 'IAC-K8S-POD-001',
          title: 'Privileged container',
          message: 'Container "web" of Pod "web" runs privileged.',
          severity: 'critical',
          aliases: { checkov: [], kics: ['dd29336b-fe57-445b-a26e-e6aa867ae609'], trivy: [] },
          file: 'k8s/pod.yaml',
          range: { start: { line: 9, column: 21 }, end: { line: 9, column: 25 } },
          resource: 'Pod/default/web',
          suppressed: {
            kind: 'checkov',
            reason: 'needs raw sockets',
            expires: null,
            file: 'k8s/pod.yaml',
            range: { start: { line: 1, column: 1 }, end: { line: 1, column: 6 } },
          },
          compliance: [{ framework: 'CIS Kubernetes 1.8', control: '5.2.1' }],
          fixable: false,
          resourceType: 'Pod',
          format: 'kubernetes',
          docs: 'https://github.com/iac-audit/iac-audit/blob/main/docs/policies/IAC-K8S-POD-001.md',
          fix: null,
          fingerprint: fp(privileged),
        },
      ],
      errors: [
        { file: 'big.yaml', message: 'File skipped: 3.0 MB is over the 2.0 MB size limit.', range: null, severity: 'warning' },
        { file: 'infra/broken.tf', message: 'Expected "}"', range: { start: { line: 1, column: 18 }, end: { line: 1, column: 19 } }, severity: 'error' },
      ],
    });
  });

  it('merges extra per-finding and top-level fields without overriding the contract', () => {
    const report = toJsonReport(scan, {
      toolVersion: '0.1.0',
      policies,
      findingExtras: (f) => ({ owner: f.file === 'k8s/pod.yaml' ? { author: 'Ada' } : null, severity: 'info' }),
      extras: { groups: [], version: 99 },
    });
    assert.equal(report.version, 1);
    assert.deepEqual(report.groups, []);
    assert.deepEqual(
      report.findings.map((f) => [f.policyId, f.severity, f.owner]),
      [
        ['IAC-AWS-S3-001', 'high', null],
        ['IAC-SUPPRESS-001', 'low', null],
        ['IAC-K8S-POD-001', 'critical', { author: 'Ada' }],
      ],
    );
    assert.deepEqual(Object.keys(report.findings[0]).slice(-1), ['owner']);
  });

  it('gives identical findings distinct, stable fingerprints', () => {
    const twin = { ...s3Finding, range: tfIndex.range(33, 40) };
    const a = toJsonReport({ files: [], findings: [s3Finding, twin], errors: [] }, { toolVersion: 'x', policies });
    const b = toJsonReport({ files: [], findings: [twin, s3Finding], errors: [] }, { toolVersion: 'x', policies });
    assert.notEqual(a.findings[0].fingerprint, a.findings[1].fingerprint);
    assert.deepEqual(
      a.findings.map((f) => f.fingerprint),
      b.findings.map((f) => f.fingerprint),
    );
    assert.match(a.findings[0].fingerprint, /^[0-9a-f]{14}$/);
  });
});

describe('SARIF report', () => {
  const log = toSarif(scan, policies, { toolVersion: '0.1.0', rootUri: 'file:///work/repo', policyPackVersion: '2026.11.0' });
  const run = log.runs[0] as any;

  it('has rules with metadata for every policy and indexes results into them', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(run.tool.driver.name, 'iac-audit');
    assert.deepEqual(
      run.tool.driver.rules.map((r: any) => r.id),
      policies.map((p) => p.id),
    );
    const rule = run.tool.driver.rules[0];
    assert.equal(rule.name, 'S3BucketWithoutServerSideEncryption');
    assert.deepEqual(rule.shortDescription, { text: 'S3 bucket without server-side encryption' });
    assert.deepEqual(rule.fullDescription, { text: 'S3 buckets should encrypt objects at rest.' });
    assert.match(rule.help.text, /How to fix: Add a server_side_encryption_configuration\./);
    assert.equal(rule.helpUri, 'https://github.com/iac-audit/iac-audit/blob/main/docs/policies/IAC-AWS-S3-001.md');
    assert.deepEqual(rule.defaultConfiguration, { level: 'error' });
    assert.equal(rule.properties['security-severity'], '8.0');
    assert.deepEqual(rule.properties.tags, ['security', 'iac', 'terraform', 'SOC 2 CC6.1', 'NIST 800-53 SC-28']);
    for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
  });

  it('renders results with 1-based regions, relative URIs, fingerprints and in-source suppressions', () => {
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/repo/' } });
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const [s3, suppress, pod] = run.results;
    assert.deepEqual(
      run.results.map((r: any) => [r.ruleId, r.level]),
      [
        ['IAC-AWS-S3-001', 'error'],
        ['IAC-SUPPRESS-001', 'note'],
        ['IAC-K8S-POD-001', 'error'],
      ],
    );
    assert.deepEqual(s3.locations[0].physicalLocation, {
      artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 32 },
    });
    assert.deepEqual(s3.locations[0].logicalLocations, [{ fullyQualifiedName: 'aws_s3_bucket.logs', kind: 'resource' }]);
    assert.equal(s3.message.text, 'S3 bucket "logs" has no server-side encryption.');
    assert.match(s3.partialFingerprints['iacAuditFinding/v1'], /^[0-9a-f]{14}$/);
    assert.equal(s3.suppressions, undefined);
    assert.equal(suppress.locations[0].logicalLocations, undefined);
    assert.deepEqual(pod.suppressions[0].kind, 'inSource');
    assert.deepEqual(pod.suppressions[0].justification, 'needs raw sockets');
    assert.deepEqual(pod.suppressions[0].properties, { suppressionKind: 'checkov', expires: null });
  });

  it('reports input errors as tool execution notifications', () => {
    assert.deepEqual(run.invocations, [
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'warning',
            message: { text: 'File skipped: 3.0 MB is over the 2.0 MB size limit.' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'big.yaml', uriBaseId: '%SRCROOT%' } } }],
            descriptor: { id: 'input-error' },
          },
          {
            level: 'error',
            message: { text: 'Expected "}"' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'infra/broken.tf', uriBaseId: '%SRCROOT%' },
                  region: { startLine: 1, startColumn: 18, endLine: 1, endColumn: 19 },
                },
              },
            ],
            descriptor: { id: 'input-error' },
          },
        ],
      },
    ]);
  });

  it('is structurally sound SARIF (always runs)', () => {
    const roundTrip = JSON.parse(JSON.stringify(log));
    assert.equal(typeof roundTrip.$schema, 'string');
    assert.ok(Array.isArray(roundTrip.runs) && roundTrip.runs.length === 1);
    for (const result of roundTrip.runs[0].results) {
      assert.equal(typeof result.message.text, 'string');
      assert.ok(['error', 'warning', 'note', 'none'].includes(result.level));
      const region = result.locations[0].physicalLocation.region;
      // The errata01 schema requires one of startLine/charOffset/byteOffset.
      assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endLine >= region.startLine && region.endColumn >= 1);
      for (const s of result.suppressions ?? []) assert.ok(['inSource', 'external'].includes(s.kind));
    }
  });

  it('validates against the SARIF 2.1.0 schema (draft-07 variant from ../shared)', function () {
    const schemaPath = path.join(SHARED_SARIF, 'sarif-schema-2.1.0.draft-07.json');
    if (!fs.existsSync(schemaPath)) {
      console.log(`    (skipped: ${schemaPath} is absent)`);
      this.skip();
    }
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
    // unicodeRegExp off: the pre-errata schema's `language` pattern is not a valid unicode-mode regex.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    for (const candidate of [log, toSarif({ files: [], findings: [], errors: [] }, [], { toolVersion: '0.1.0' })]) {
      const ok = validate(JSON.parse(JSON.stringify(candidate)));
      assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    }
    // The validator does reject broken logs (so the check above means something).
    assert.equal(validate({ version: '2.1.0', runs: [{ results: 42 }] }), false);
  });

  it('encodes artifact URIs', () => {
    assert.deepEqual(artifactLocation('dir with space/a#b.tf'), { uri: 'dir%20with%20space/a%23b.tf', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('../other/x.tf'), { uri: '../other/x.tf', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('/abs/x.tf'), { uri: 'file:///abs/x.tf' });
    assert.equal(ruleName('Hard-coded secret (AWS key)'), 'HardCodedSecretAWSKey');
  });
});

describe('text report', () => {
  it('prints file:line:col  severity  ID  message grouped by file, errors and a summary', () => {
    assert.equal(
      toText(scan),
      [
        'infra/main.tf:1:1  high  IAC-AWS-S3-001    S3 bucket "logs" has no server-side encryption.  [fixable]',
        'infra/main.tf:4:1  low   IAC-SUPPRESS-001  Suppression of IAC-AWS-S3-001 gives no reason: add reason="why this risk is accepted".',
        '',
        'Input errors:',
        'big.yaml  warning  File skipped: 3.0 MB is over the 2.0 MB size limit.',
        'infra/broken.tf:1:18  error  Expected "}"',
        '',
        '2 findings (1 high, 1 low) in 3 files; 1 suppressed; 2 input errors.',
        '',
      ].join('\n'),
    );
  });

  it('lists suppressed findings on request and colours only when asked', () => {
    const text = toText({ ...scan, errors: [] }, { showSuppressed: true });
    assert.match(text, /\n\nk8s\/pod\.yaml:9:21 {2}critical {2}IAC-K8S-POD-001 {3}Container "web" of Pod "web" runs privileged\. {2}\[suppressed: checkov, "needs raw sockets"\]\n/);
    assert.doesNotMatch(text, /\u001b\[/);
    const coloured = toText(scan, { color: true });
    assert.match(coloured, /\u001b\[31mhigh\u001b\[0m/);
  });

  it('says so when there is nothing to report', () => {
    assert.equal(toText({ files: ['a.tf'], findings: [], errors: [] }), 'No findings in 1 file.\n');
  });
});
