import * as assert from 'node:assert/strict';
import type { MapNode, ModelNode, Resource } from '../../../server/src/engine/core/model';
import type { Finding } from '../../../server/src/engine/core/policy';
import { LineIndex } from '../../../server/src/engine/core/range';
import { applySuppressions, suppressionPolicies, type SuppressionOutput } from '../../../server/src/engine/suppressions/index';
import {
  cloudformationResources,
  findingAt,
  KICS_S3_ENCRYPTION,
  kubernetesResources,
  lineOf,
  terraformResources,
  testPolicies,
} from './helpers';

const TODAY = '2026-06-15';

interface Run {
  out: SuppressionOutput;
  /** `${policyId}@${1-based line}` -> suppression kind or 'active'. */
  status: Record<string, string>;
  /** Directive findings as `${policyId}@${1-based line}`. */
  problems: string[];
}

function run(file: string, text: string, at: [policyId: string, line: number][], resources?: Resource[]): Run {
  const rs = resources ?? (file.endsWith('.tf') || file.endsWith('.tf.json') ? terraformResources(file, text) : kubernetesResources(file, text));
  const findings = at.map(([id, line]) => findingAt(id, file, text, line, rs, rs[0]?.format ?? 'terraform'));
  const out = applySuppressions({ file, text, findings, resources: rs, policies: testPolicies, today: TODAY });
  const status: Record<string, string> = {};
  for (const f of out.findings) status[`${f.policyId}@${f.range.start.line + 1}`] = f.suppressed ? f.suppressed.kind : 'active';
  const problems = out.directiveFindings.map((f) => `${f.policyId}@${f.range.start.line + 1}`);
  return { out, status, problems };
}

const TF = `resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  acl    = "private"
}

resource "aws_s3_bucket" "data" {
  bucket = "data"
}
`;

describe('suppressions: our syntax (iac-audit:ignore)', () => {
  it('above a resource covers the whole resource and records reason and expiry', () => {
    const text = `# iac-audit:ignore IAC-AWS-S3-001 reason="logs bucket, encrypted by org SCP" expires=2027-03-31\n${TF}`;
    const r = run('main.tf', text, [
      ['IAC-AWS-S3-001', 1],
      ['IAC-AWS-S3-001', 2],
      ['IAC-AWS-S3-002', 1],
      ['IAC-AWS-S3-001', 6],
    ]);
    assert.deepEqual(r.status, {
      'IAC-AWS-S3-001@2': 'iac-audit',
      'IAC-AWS-S3-001@3': 'iac-audit',
      'IAC-AWS-S3-002@2': 'active',
      'IAC-AWS-S3-001@7': 'active',
    });
    assert.deepEqual(r.problems, []);
    const suppressed = r.out.findings[0].suppressed!;
    assert.equal(suppressed.reason, 'logs bucket, encrypted by org SCP');
    assert.equal(suppressed.expires, '2027-03-31');
    assert.equal(suppressed.file, 'main.tf');
    assert.deepEqual([suppressed.range.start.line, suppressed.range.start.column, suppressed.range.end.column], [0, 0, text.indexOf('\n')]);
    const [directive] = r.out.directives;
    assert.equal(directive.scope, 'resource');
    assert.equal(directive.resource, 'aws_s3_bucket.logs');
    assert.deepEqual(directive.ids, ['IAC-AWS-S3-001']);
    assert.equal(directive.suppressedCount, 2);
    assert.equal(directive.active, true);
  });

  it('inside the block covers the whole resource', () => {
    const text = TF.replace('  acl    = "private"\n', '  acl    = "private"\n  # iac-audit:ignore IAC-AWS-S3-001 reason="ok"\n');
    const r = run('main.tf', text, [
      ['IAC-AWS-S3-001', 0],
      ['IAC-AWS-S3-001', 7],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@1': 'iac-audit', 'IAC-AWS-S3-001@8': 'active' });
  });

  it('as a trailing comment covers its own line only', () => {
    const text = TF.replace('acl    = "private"', 'acl    = "private" # iac-audit:ignore IAC-AWS-S3-001 reason="ACL checked by hand"');
    const r = run('main.tf', text, [
      ['IAC-AWS-S3-001', 2],
      ['IAC-AWS-S3-001', 1],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@3': 'iac-audit', 'IAC-AWS-S3-001@2': 'active' });
    assert.equal(r.out.directives[0].scope, 'line');
    assert.equal(r.out.directives[0].line, 2);
  });

  it('accepts several comma-separated ids, `//` comments and single quotes', () => {
    const text = `// iac-audit:ignore IAC-AWS-S3-001, IAC-AWS-S3-002 reason='both accepted'\n${TF}`;
    const r = run('main.tf', text, [
      ['IAC-AWS-S3-001', 1],
      ['IAC-AWS-S3-002', 1],
      ['IAC-AWS-EC2-001', 1],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@2': 'iac-audit', 'IAC-AWS-S3-002@2': 'iac-audit', 'IAC-AWS-EC2-001@2': 'active' });
    assert.equal(r.out.findings[0].suppressed!.reason, 'both accepted');
  });

  it('ignore-file covers every resource of the file, wherever it is written', () => {
    const text = `${TF}\n# iac-audit:ignore-file IAC-AWS-S3-002 reason="versioning handled by backup plan"\n`;
    const r = run('main.tf', text, [
      ['IAC-AWS-S3-002', 1],
      ['IAC-AWS-S3-002', 6],
      ['IAC-AWS-S3-001', 6],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-002@2': 'iac-audit', 'IAC-AWS-S3-002@7': 'iac-audit', 'IAC-AWS-S3-001@7': 'active' });
    assert.equal(r.out.directives[0].scope, 'file');
  });

  it('a block comment above the resource counts', () => {
    const text = `/* iac-audit:ignore IAC-AWS-S3-001\n   reason="multi-line comment" */\n${TF}`;
    const r = run('main.tf', text, [['IAC-AWS-S3-001', 2]]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@3': 'iac-audit' });
    assert.equal(r.out.findings[0].suppressed!.reason, 'multi-line comment');
  });

  it('matches peer ids given in our syntax through the aliases', () => {
    const text = `# iac-audit:ignore CKV_AWS_19 reason="same check"\n${TF}`;
    const r = run('main.tf', text, [['IAC-AWS-S3-001', 1]]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@2': 'iac-audit' });
  });
});

describe('suppressions: directive findings', () => {
  it('reports a missing reason (IAC-SUPPRESS-001) on the comment, and still suppresses', () => {
    const text = `${TF.replace('  bucket = "logs"\n', '  bucket = "logs"\n  # iac-audit:ignore IAC-AWS-S3-001\n')}`;
    const r = run('main.tf', text, [['IAC-AWS-S3-001', 0]]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@1': 'iac-audit' });
    assert.equal(r.out.findings[0].suppressed!.reason, null);
    assert.equal(r.out.directiveFindings.length, 1);
    const f = r.out.directiveFindings[0];
    assert.equal(f.policyId, 'IAC-SUPPRESS-001');
    assert.equal(f.severity, 'low');
    assert.equal(f.title, 'Suppression without a reason');
    assert.equal(f.message, 'Suppression of IAC-AWS-S3-001 gives no reason: add reason="why this risk is accepted".');
    assert.equal(f.resource, 'aws_s3_bucket.logs');
    assert.equal(f.resourceType, 'aws_s3_bucket');
    assert.equal(f.format, 'terraform');
    assert.equal(f.suppressed, null);
    assert.deepEqual(
      [f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column],
      [2, 2, 2, '  # iac-audit:ignore IAC-AWS-S3-001'.length],
    );
  });

  it('treats reason="" as no reason', () => {
    const r = run('main.tf', `# iac-audit:ignore IAC-AWS-S3-001 reason=""\n${TF}`, [['IAC-AWS-S3-001', 1]]);
    assert.deepEqual(r.problems, ['IAC-SUPPRESS-001@1']);
  });

  it('an expired directive no longer suppresses (IAC-SUPPRESS-002); one expiring today still does', () => {
    const expired = run('main.tf', `# iac-audit:ignore IAC-AWS-S3-001 reason="temp" expires=2026-06-14\n${TF}`, [['IAC-AWS-S3-001', 1]]);
    assert.deepEqual(expired.status, { 'IAC-AWS-S3-001@2': 'active' });
    assert.deepEqual(expired.problems, ['IAC-SUPPRESS-002@1']);
    assert.equal(
      expired.out.directiveFindings[0].message,
      'Suppression of IAC-AWS-S3-001 expired on 2026-06-14: it no longer suppresses anything; fix the finding or review the suppression and set a new date.',
    );
    assert.equal(expired.out.directives[0].active, false);

    const today = run('main.tf', `# iac-audit:ignore IAC-AWS-S3-001 reason="temp" expires=${TODAY}\n${TF}`, [['IAC-AWS-S3-001', 1]]);
    assert.deepEqual(today.status, { 'IAC-AWS-S3-001@2': 'iac-audit' });
    // Only the reminder that it is about to expire (see expiry-reminder.test.ts).
    assert.deepEqual(today.problems, ['IAC-SUPPRESS-004@1']);
  });

  it('an unparseable expiry is reported and not applied', () => {
    for (const bad of ['2027-02-30', '31/03/2027', 'never', '2027-3-1']) {
      const r = run('main.tf', `# iac-audit:ignore IAC-AWS-S3-001 reason="temp" expires=${bad}\n${TF}`, [['IAC-AWS-S3-001', 1]]);
      assert.deepEqual(r.status, { 'IAC-AWS-S3-001@2': 'active' }, bad);
      assert.deepEqual(r.problems, ['IAC-SUPPRESS-002@1'], bad);
      assert.match(r.out.directiveFindings[0].message, new RegExp(`has an expiry "${bad}" that is not a YYYY-MM-DD date`));
    }
  });

  it('reports unknown ids (IAC-SUPPRESS-003) and still applies the known ones', () => {
    const r = run('main.tf', `# iac-audit:ignore IAC-AWS-S3-001,IAC-AWS-S3-999 reason="x"\n${TF}`, [['IAC-AWS-S3-001', 1]]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@2': 'iac-audit' });
    assert.deepEqual(r.problems, ['IAC-SUPPRESS-003@1']);
    assert.equal(
      r.out.directiveFindings[0].message,
      'Suppression names an unknown policy id "IAC-AWS-S3-999": no IaC Audit policy has this id or alias, so it suppresses nothing here.',
    );
  });

  it('a directive naming no policy at all is reported and suppresses nothing', () => {
    const r = run('main.tf', `# iac-audit:ignore reason="everything"\n${TF}`, [['IAC-AWS-S3-001', 1]]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@2': 'active' });
    assert.deepEqual(r.problems, ['IAC-SUPPRESS-003@1']);
  });

  it('reports every problem of one directive', () => {
    const r = run('main.tf', `#checkov:skip=CKV-NOPE\n${TF}`, []);
    assert.deepEqual(r.problems.sort(), ['IAC-SUPPRESS-001@1', 'IAC-SUPPRESS-003@1']);
  });

  it("leaves a peer's well-formed id that no policy maps to for that peer (no directive finding, suppresses nothing)", () => {
    const r = run('main.tf', `#checkov:skip=CKV_AWS_174\n# tfsec:ignore:aws-ec2-no-public-ip\n${TF}`, [['IAC-AWS-S3-001', 2]]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@3': 'active' });
    assert.deepEqual(r.out.directives.map((d) => d.active), [false, false]);
  });

  it('directive findings cannot be suppressed, not even by a blanket kics-scan ignore', () => {
    const text = `# kics-scan ignore\n# iac-audit:ignore IAC-AWS-S3-001\n${TF}`;
    const findings = [findingAt('IAC-SUPPRESS-001', 'main.tf', text, 1, [])];
    const out = applySuppressions({ file: 'main.tf', text, findings, resources: terraformResources('main.tf', text), policies: testPolicies, today: TODAY });
    assert.equal(out.findings[0].suppressed, null);
  });

  it('exports the four suppression policies with full metadata and no resource kinds', () => {
    assert.deepEqual(
      suppressionPolicies.map((p) => [p.id, p.severity]),
      [
        ['IAC-SUPPRESS-001', 'low'],
        ['IAC-SUPPRESS-002', 'low'],
        ['IAC-SUPPRESS-003', 'low'],
        ['IAC-SUPPRESS-004', 'info'],
      ],
    );
    for (const p of suppressionPolicies) {
      assert.deepEqual(p.kinds, []);
      assert.deepEqual(p.formats, ['terraform', 'cloudformation', 'kubernetes']);
      assert.ok(p.description.length > 20 && p.rationale.length > 20 && p.remediation.length > 20 && p.compliance.length > 0);
    }
  });
});

describe('suppressions: Checkov', () => {
  it('checkov:skip inside the resource covers it, with the reason, matched through the alias', () => {
    const text = TF.replace('  bucket = "logs"\n', '  #checkov:skip=CKV_AWS_19:The bucket is a log sink\n  bucket = "logs"\n');
    const r = run('main.tf', text, [
      ['IAC-AWS-S3-001', 0],
      ['IAC-AWS-S3-002', 0],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@1': 'checkov', 'IAC-AWS-S3-002@1': 'active' });
    assert.equal(r.out.findings[0].suppressed!.reason, 'The bucket is a log sink');
    assert.deepEqual(r.problems, []);
  });

  it('checkov:skip above the resource, and as a trailing comment inside it, cover the resource', () => {
    const above = run('main.tf', `# checkov:skip=CKV_AWS_21: versioning off on purpose\n${TF}`, [['IAC-AWS-S3-002', 2]]);
    assert.deepEqual(above.status, { 'IAC-AWS-S3-002@3': 'checkov' });
    const trailing = run('main.tf', TF.replace('bucket = "logs"', 'bucket = "logs" #checkov:skip=CKV_AWS_21:why'), [['IAC-AWS-S3-002', 0]]);
    assert.deepEqual(trailing.status, { 'IAC-AWS-S3-002@1': 'checkov' });
  });

  it('checkov:skip without a reason is reported (and suppresses)', () => {
    const r = run('main.tf', TF.replace('  bucket = "logs"\n', '  #checkov:skip=CKV_AWS_19\n  bucket = "logs"\n'), [['IAC-AWS-S3-001', 0]]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@1': 'checkov' });
    assert.deepEqual(r.problems, ['IAC-SUPPRESS-001@2']);
    assert.equal(r.out.directiveFindings[0].message, 'Suppression checkov:skip=CKV_AWS_19 gives no reason: write the reason after the id: checkov:skip=CKV_AWS_19:<reason>.');
  });
});

describe('suppressions: tfsec / Trivy', () => {
  const SG = `resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

  it('above an attribute covers that attribute only', () => {
    const text = SG.replace('    cidr_blocks = ["0.0.0.0/0"]\n  }\n  egress', '    #tfsec:ignore:aws-ec2-no-public-ingress-sgr reason="bastion"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n  egress');
    const r = run('main.tf', text, [
      ['IAC-AWS-EC2-001', lineOf(text, 'cidr_blocks')],
      ['IAC-AWS-EC2-001', lineOf(text, 'cidr_blocks', lineOf(text, 'egress'))],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-EC2-001@6': 'tfsec', 'IAC-AWS-EC2-001@9': 'active' });
    assert.deepEqual(r.problems, []);
  });

  it('above a nested block covers the block', () => {
    const text = SG.replace('  ingress {', '  # trivy:ignore:AVD-AWS-0107\n  ingress {');
    const r = run('main.tf', text, [
      ['IAC-AWS-EC2-001', lineOf(text, 'cidr_blocks')],
      ['IAC-AWS-EC2-001', lineOf(text, 'cidr_blocks', lineOf(text, 'egress'))],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-EC2-001@6': 'trivy', 'IAC-AWS-EC2-001@9': 'active' });
    assert.deepEqual(r.problems, ['IAC-SUPPRESS-001@3']);
    const d = r.out.directives[0];
    assert.deepEqual([d.scope, d.line, d.endLine], ['line', 3, 6]);
  });

  it('above the resource covers the resource; trailing covers its line', () => {
    const above = run('main.tf', `#tfsec:ignore:aws-ec2-no-public-ingress-sgr\n${SG}`, [['IAC-AWS-EC2-001', 8]]);
    assert.deepEqual(above.status, { 'IAC-AWS-EC2-001@9': 'tfsec' });
    const text = SG.replace('cidr_blocks = ["0.0.0.0/0"]\n  }\n  egress', 'cidr_blocks = ["0.0.0.0/0"] #trivy:ignore:AVD-AWS-0107 reason="bastion"\n  }\n  egress');
    const trailing = run('main.tf', text, [
      ['IAC-AWS-EC2-001', 4],
      ['IAC-AWS-EC2-001', 7],
    ]);
    assert.deepEqual(trailing.status, { 'IAC-AWS-EC2-001@5': 'trivy', 'IAC-AWS-EC2-001@8': 'active' });
    assert.equal(trailing.out.findings[0].suppressed!.reason, 'bastion');
  });

  it('honours :exp: dates', () => {
    const future = run('main.tf', `#tfsec:ignore:aws-s3-enable-bucket-encryption:exp:2027-01-01\n${TF}`, [['IAC-AWS-S3-001', 1]]);
    assert.deepEqual(future.status, { 'IAC-AWS-S3-001@2': 'tfsec' });
    assert.equal(future.out.findings[0].suppressed!.expires, '2027-01-01');
    const past = run('main.tf', `#tfsec:ignore:aws-s3-enable-bucket-encryption:exp:2025-01-01 reason="migration"\n${TF}`, [['IAC-AWS-S3-001', 1]]);
    assert.deepEqual(past.status, { 'IAC-AWS-S3-001@2': 'active' });
    assert.deepEqual(past.problems, ['IAC-SUPPRESS-002@1']);
  });

  it('matches ids case-insensitively and several directives on one comment', () => {
    const text = `#tfsec:ignore:avd-aws-0088 tfsec:ignore:aws-s3-enable-versioning reason="both"\n${TF}`;
    const r = run('main.tf', text, [
      ['IAC-AWS-S3-001', 1],
      ['IAC-AWS-S3-002', 1],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@2': 'tfsec', 'IAC-AWS-S3-002@2': 'tfsec' });
    assert.equal(r.out.directives.length, 2);
    assert.deepEqual(r.problems, []);
  });
});

describe('suppressions: KICS', () => {
  it('ignore-line covers the next line only', () => {
    const text = TF.replace('  acl    = "private"\n', '  # kics-scan ignore-line\n  acl    = "private"\n');
    const r = run('main.tf', text, [
      ['IAC-AWS-S3-001', 3],
      ['IAC-AWS-S3-001', 1],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@4': 'kics', 'IAC-AWS-S3-001@2': 'active' });
    assert.deepEqual(r.problems, ['IAC-SUPPRESS-001@3']);
    assert.equal(r.out.directiveFindings[0].message, 'Suppression kics-scan ignore-line gives no reason: append reason="why this risk is accepted" to the comment.');
  });

  it('ignore-block covers the following block', () => {
    const r = run('main.tf', `${TF.replace('resource "aws_s3_bucket" "data"', '# kics-scan ignore-block reason="sandbox"\nresource "aws_s3_bucket" "data"')}`, [
      ['IAC-AWS-S3-001', 6],
      ['IAC-AWS-S3-001', 7],
      ['IAC-AWS-S3-001', 0],
    ]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@7': 'kics', 'IAC-AWS-S3-001@8': 'kics', 'IAC-AWS-S3-001@1': 'active' });
    assert.deepEqual(r.problems, []);
  });

  it('disable=<uuid> and ignore at the file top cover the file', () => {
    const disable = run('main.tf', `# kics-scan disable=${KICS_S3_ENCRYPTION},00000000-0000-0000-0000-000000000000 reason="legacy"\n${TF}`, [
      ['IAC-AWS-S3-001', 2],
      ['IAC-AWS-S3-001', 7],
      ['IAC-AWS-S3-002', 7],
    ]);
    assert.deepEqual(disable.status, { 'IAC-AWS-S3-001@3': 'kics', 'IAC-AWS-S3-001@8': 'kics', 'IAC-AWS-S3-002@8': 'active' });
    assert.deepEqual(disable.problems, ['IAC-SUPPRESS-003@1']);
    const ignore = run('main.tf', `# kics-scan ignore\n${TF}`, [
      ['IAC-AWS-S3-001', 2],
      ['IAC-AWS-S3-002', 7],
    ]);
    assert.deepEqual(ignore.status, { 'IAC-AWS-S3-001@3': 'kics', 'IAC-AWS-S3-002@8': 'kics' });
    assert.equal(ignore.out.directives[0].scope, 'file');
  });
});

describe('suppressions: what is not a directive', () => {
  it('ignores `# expect:` fixture markers, and cuts them off a directive', () => {
    const text = `# iac-audit:ignore IAC-AWS-S3-001 reason="ok" # expect: IAC-SUPPRESS-003\n${TF.replace('acl    = "private"', 'acl    = "private" # expect: IAC-AWS-S3-001')}`;
    const r = run('main.tf', text, [['IAC-AWS-S3-001', 3]]);
    assert.equal(r.out.directives.length, 1);
    assert.equal(r.out.directives[0].reason, 'ok');
    assert.deepEqual(r.problems, []);
  });

  it('ignores directive-looking text in strings and heredocs', () => {
    const text = `resource "aws_s3_bucket" "logs" {
  bucket = "logs # iac-audit:ignore IAC-AWS-S3-001 reason=\\"x\\""
  tags = { note = "\${var.x} // checkov:skip=CKV_AWS_19:x" }
  policy = <<EOF
# kics-scan ignore
#tfsec:ignore:aws-s3-enable-bucket-encryption
EOF
}
`;
    const r = run('main.tf', text, [['IAC-AWS-S3-001', 0]]);
    assert.deepEqual(r.out.directives, []);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@1': 'active' });
  });

  it('ignores YAML block scalar content and quoted `#`', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: scripts
data:
  run.sh: |
    # kics-scan ignore
    echo "# iac-audit:ignore IAC-K8S-POD-001 reason=x"
  note: "# checkov:skip=CKV_K8S_16:x"
`;
    const r = run('cm.yaml', text, []);
    assert.deepEqual(r.out.directives, []);
  });
});

describe('suppressions: YAML (Kubernetes, CloudFormation)', () => {
  const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.25
      securityContext:
        privileged: true
---
apiVersion: v1
kind: Pod
metadata:
  name: other
spec:
  containers:
    - name: other
      securityContext:
        privileged: true
`;

  it('a comment above the document covers that document only', () => {
    const text = `# iac-audit:ignore IAC-K8S-POD-001 reason="debug pod"\n${POD}`;
    const r = run('pod.yaml', text, [
      ['IAC-K8S-POD-001', lineOf(text, 'privileged')],
      ['IAC-K8S-POD-001', lineOf(text, 'privileged', 12)],
    ]);
    assert.deepEqual(r.status, { 'IAC-K8S-POD-001@11': 'iac-audit', 'IAC-K8S-POD-001@21': 'active' });
    assert.equal(r.out.directives[0].resource, 'Pod/default/web');
  });

  it('a comment inside the second document covers it, and a trailing one its line', () => {
    const inside = POD.replace('  name: other\n', '  name: other\n  # iac-audit:ignore IAC-K8S-POD-001 reason="ok"\n');
    const r = run('pod.yaml', inside, [
      ['IAC-K8S-POD-001', lineOf(inside, 'privileged')],
      ['IAC-K8S-POD-001', lineOf(inside, 'privileged', 12)],
    ]);
    assert.deepEqual(r.status, { 'IAC-K8S-POD-001@10': 'active', 'IAC-K8S-POD-001@21': 'iac-audit' });
    assert.equal(r.out.directiveFindings.length, 0);

    const trailing = POD.replace('privileged: true', 'privileged: true # checkov:skip=CKV_K8S_16:needs raw sockets');
    const t = run('pod.yaml', trailing, [['IAC-K8S-POD-001', 9]]);
    assert.deepEqual(t.status, { 'IAC-K8S-POD-001@10': 'checkov' });
  });

  it('tfsec-style directives above a nested mapping cover that mapping', () => {
    const text = POD.replace('      securityContext:', '      # trivy:ignore:AVD-KSV-0017 reason="x"\n      securityContext:');
    const r = run('pod.yaml', text, []);
    const d = r.out.directives[0];
    assert.deepEqual([d.scope, d.line, d.endLine], ['line', 9, 10]);
    assert.deepEqual(r.problems, [], 'AVD-KSV-0017 is a well-formed Trivy id no policy maps: left to Trivy');
  });

  it('kics-scan ignore-block above a sequence key covers the whole sequence', () => {
    const text = POD.replace('spec:\n  containers:', 'spec:\n  # kics-scan ignore-block\n  containers:');
    const r = run('pod.yaml', text, []);
    const d = r.out.directives[0];
    assert.deepEqual([d.scope, d.line, d.endLine], ['line', 6, 10]);
  });

  it('CloudFormation: comments above a logical id cover the resource', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # iac-audit:ignore IAC-AWS-S3-001 reason="public website" expires=2027-01-01
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: site
  Logs:
    Type: AWS::S3::Bucket
`;
    const resources = cloudformationResources('t.yaml', text);
    const r = run('t.yaml', text, [['IAC-AWS-S3-001', 3], ['IAC-AWS-S3-001', 7]], resources);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@4': 'iac-audit', 'IAC-AWS-S3-001@8': 'active' });
  });

  it('CloudFormation Metadata: checkov skip and iac-audit ignore entries', () => {
    const text = `{
  "Resources": {
    "Site": {
      "Type": "AWS::S3::Bucket",
      "Metadata": {
        "checkov": { "skip": [ { "id": "CKV_AWS_19", "comment": "static site" } ] },
        "iac-audit": { "ignore": [ { "id": "IAC-AWS-S3-002", "expires": "2020-01-01", "reason": "old" }, { "id": "IAC-AWS-EC2-001" } ] }
      }
    }
  }
}
`;
    const index = new LineIndex(text);
    const lineRange = (l: number) => index.range(index.lineStart(l), index.lineEnd(l));
    const scalarNode = (value: string, l: number): ModelNode => ({ kind: 'scalar', value, file: 't.json', range: lineRange(l) });
    const mapNode = (entries: [string, ModelNode][], l: number): MapNode => ({ kind: 'map', file: 't.json', range: lineRange(l), entries: new Map(entries) });
    const listNode = (items: ModelNode[], l: number): ModelNode => ({ kind: 'list', items, file: 't.json', range: lineRange(l) });
    const metadata = mapNode(
      [
        ['checkov', mapNode([['skip', listNode([mapNode([['id', scalarNode('CKV_AWS_19', 5)], ['comment', scalarNode('static site', 5)]], 5)], 5)]], 5)],
        [
          'iac-audit',
          mapNode(
            [
              [
                'ignore',
                listNode(
                  [
                    mapNode([['id', scalarNode('IAC-AWS-S3-002', 6)], ['expires', scalarNode('2020-01-01', 6)], ['reason', scalarNode('old', 6)]], 6),
                    mapNode([['id', scalarNode('IAC-AWS-EC2-001', 6)]], 6),
                  ],
                  6,
                ),
              ],
            ],
            6,
          ),
        ],
      ],
      4,
    );
    const resource: Resource = {
      format: 'cloudformation',
      kind: 'resource',
      type: 'AWS::S3::Bucket',
      name: 'Site',
      address: 'Resources.Site',
      file: 't.json',
      range: index.range(index.lineStart(2), index.lineEnd(8)),
      headerRange: index.range(index.lineStart(2) + 4, index.lineStart(2) + 10),
      body: mapNode([], 2),
      metadata,
    };
    const findings: Finding[] = ['IAC-AWS-S3-001', 'IAC-AWS-S3-002', 'IAC-AWS-EC2-001'].map((id) => ({
      ...findingAt(id, 't.json', text, 2, [resource], 'cloudformation'),
    }));
    const out = applySuppressions({ file: 't.json', text, findings, resources: [resource], policies: testPolicies, today: TODAY });
    assert.deepEqual(
      out.findings.map((f) => [f.policyId, f.suppressed?.kind ?? null, f.suppressed?.reason ?? null]),
      [
        ['IAC-AWS-S3-001', 'checkov', 'static site'],
        ['IAC-AWS-S3-002', null, null],
        ['IAC-AWS-EC2-001', 'iac-audit', null],
      ],
    );
    assert.deepEqual(
      out.directiveFindings.map((f) => [f.policyId, f.range.start.line, f.resource]),
      [
        ['IAC-SUPPRESS-002', 6, 'Resources.Site'],
        ['IAC-SUPPRESS-001', 6, 'Resources.Site'],
      ],
    );
  });

  it('Terraform JSON: "//" comment entries inside a resource', () => {
    const text = `{
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "//": "iac-audit:ignore IAC-AWS-S3-001 reason=\\"json\\"",
        "bucket": "logs"
      }
    }
  }
}
`;
    const index = new LineIndex(text);
    const range = index.range(index.lineStart(3), index.lineEnd(6));
    const resource: Resource = {
      format: 'terraform',
      kind: 'resource',
      type: 'aws_s3_bucket',
      name: 'logs',
      address: 'aws_s3_bucket.logs',
      file: 'main.tf.json',
      range,
      headerRange: index.range(index.lineStart(3) + 6, index.lineStart(3) + 12),
      body: { kind: 'map', file: 'main.tf.json', range, entries: new Map() },
    };
    const r = run('main.tf.json', text, [['IAC-AWS-S3-001', 5]], [resource]);
    assert.deepEqual(r.status, { 'IAC-AWS-S3-001@6': 'iac-audit' });
    assert.equal(r.out.findings[0].suppressed!.reason, 'json');
  });
});

describe('suppressions: Kubernetes annotations', () => {
  it('checkov.io/skipN and iac-audit.io/ignore annotations cover the object', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    checkov.io/skip1: CKV_K8S_16=needs raw sockets
    iac-audit.io/ignore: IAC-AWS-S3-001 expires=2020-01-01 reason="old"
spec: {}
`;
    const index = new LineIndex(text);
    const lineRange = (l: number) => index.range(index.lineStart(l) + 4, index.lineEnd(l));
    const value = (v: string, l: number): ModelNode => ({ kind: 'scalar', value: v, file: 'pod.yaml', range: lineRange(l), entryRange: lineRange(l) });
    const [resource] = kubernetesResources('pod.yaml', text);
    resource.metadata = {
      kind: 'map',
      file: 'pod.yaml',
      range: lineRange(5),
      entries: new Map([
        ['checkov.io/skip1', value('CKV_K8S_16=needs raw sockets', 5)],
        ['iac-audit.io/ignore', value('IAC-AWS-S3-001 expires=2020-01-01 reason="old"', 6)],
      ]),
    };
    const findings = [findingAt('IAC-K8S-POD-001', 'pod.yaml', text, 7, [resource], 'kubernetes'), findingAt('IAC-AWS-S3-001', 'pod.yaml', text, 7, [resource], 'kubernetes')];
    const out = applySuppressions({ file: 'pod.yaml', text, findings, resources: [resource], policies: testPolicies, today: TODAY });
    assert.deepEqual(
      out.findings.map((f) => [f.policyId, f.suppressed?.kind ?? null, f.suppressed?.reason ?? null]),
      [
        ['IAC-K8S-POD-001', 'checkov', 'needs raw sockets'],
        ['IAC-AWS-S3-001', null, null],
      ],
    );
    assert.deepEqual(
      out.directiveFindings.map((f) => [f.policyId, f.range.start.line, f.format]),
      [['IAC-SUPPRESS-002', 6, 'kubernetes']],
    );
  });
});
