/** Protocol tests: hover on a finding and on a suppression comment; stale suppressions fade. */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { buildServer } from './support/build-server';
import { fileUri, TestClient } from './support/lsp-client';
import { removeWorkspace, tempWorkspace } from './support/workspace';
import { KMS_AND_SSH } from './support/fixtures';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('protocol: hover', function () {
  let client: TestClient;
  let workspace: string;

  before(async function () {
    this.timeout(60_000);
    await buildServer();
    workspace = tempWorkspace();
    ({ client } = await TestClient.start({ workspace, settings: { debounceMs: 0 } }));
  });

  after(async () => {
    await client?.stop();
    removeWorkspace(workspace);
  });

  const hover = (uri: string, line: number, character: number) =>
    client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }) as Promise<Hover | null>;

  it('shows title, severity, why, how to fix, compliance and aliases of a finding', async () => {
    const uri = fileUri(path.join(workspace, 'hover.tf'));
    await client.open(uri, KMS_AND_SSH);
    await client.diagnosticsFor(uri, 1);
    const result = await hover(uri, 11, 22);
    assert.deepEqual(result?.range, range(11, 19, 11, 30));
    assert.equal((result?.contents as MarkupContent).kind, 'markdown');
    assert.equal(
      (result?.contents as MarkupContent).value,
      [
        '**IAC-AWS-EC2-001**: Security group allows SSH from the internet',
        '',
        'Severity: **high** · Resource: `aws_security_group.ssh`',
        '',
        'Security group "ssh" allows SSH (port 22) from 0.0.0.0/0 (the whole internet): restrict the source to known CIDRs, or use SSM Session Manager instead of open SSH.',
        '',
        '**Why it matters:** SSH exposed to the whole internet is scanned and brute-forced within minutes of creation; a weak key, a leaked key or an sshd vulnerability then gives an attacker a shell inside the VPC.',
        '',
        '**How to fix:** Restrict the rule\'s source to the CIDRs of a bastion, VPN or office, or remove it and reach instances with AWS Systems Manager Session Manager or EC2 Instance Connect Endpoint.',
        '',
        '**Compliance:** CIS AWS Foundations 1.5 5.2 · CIS AWS Foundations 1.5 5.3 · SOC 2 CC6.6 · PCI DSS 4.0 1.3.1 · HIPAA 164.312(a)(1) · GDPR Art. 32 · NIST 800-53 SC-7 · NIST 800-53 AC-17',
        '',
        '**Also known as:** Checkov CKV\\_AWS\\_24 · KICS 65905cec-d691-4320-b320-2000436cb696 · Trivy AVD-AWS-0107, aws-ec2-no-public-ingress-sgr',
        '',
        '[Documentation](https://github.com/iac-audit/iac-audit/blob/main/docs/policies/IAC-AWS-EC2-001.md)',
      ].join('\n'),
    );
    assert.equal(await hover(uri, 6, 2), null);
  });

  it('mentions a fix and whether it is safe', async () => {
    const uri = fileUri(path.join(workspace, 'hover.tf'));
    const value = ((await hover(uri, 0, 3))?.contents as MarkupContent).value;
    assert.match(value, /^\*\*IAC-AWS-KMS-001\*\*: /);
    assert.ok(value.includes('\n\n**Quick fix:** enable automatic key rotation\n\n'), value);
  });

  it('explains a suppression comment and whether it is still needed', async () => {
    const uri = fileUri(path.join(workspace, 'suppressed.tf'));
    const text = '# iac-audit:ignore IAC-AWS-KMS-001 reason="rotated by the HSM" expires=2099-01-31\n' + KMS_AND_SSH;
    await client.open(uri, text);
    const published = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['IAC-AWS-EC2-001']);
    const result = await hover(uri, 0, 10);
    assert.deepEqual(result?.range, range(0, 0, 0, 81));
    const value = (result?.contents as MarkupContent).value.split('\n');
    assert.deepEqual(value.slice(0, 7), [
      '**IaC Audit suppression** of **IAC-AWS-KMS-001** (KMS key rotation is not enabled) · scope: resource',
      '',
      'Reason: "rotated by the HSM"',
      '',
      value[4],
      '',
      'Still needed: it suppresses 1 finding (IAC-AWS-KMS-001 on `aws_kms_key.app`).',
    ]);
    assert.match(value[4], /^Expires: 2099-01-31 \(in \d+ days\)$/);

    // Once the key rotates, the suppression is no longer needed: a faded hint, and the hover says so.
    await client.change(uri, 2, [{ range: range(3, 0, 3, 0), text: '  enable_key_rotation = true\n' }]);
    const after = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(
      after.diagnostics.map((d) => ({ code: d.code, range: d.range, severity: d.severity, tags: d.tags, message: d.message })),
      [
        {
          code: 'IAC-AWS-EC2-001',
          range: range(13, 19, 13, 30),
          severity: 1,
          tags: undefined,
          message: after.diagnostics[0].message,
        },
        {
          code: undefined,
          range: range(0, 0, 0, 81),
          severity: 4,
          tags: [1],
          message: 'Suppression of IAC-AWS-KMS-001 is no longer needed: no such finding here.',
        },
      ],
    );
    const stale = ((await hover(uri, 0, 10))?.contents as MarkupContent).value;
    assert.ok(stale.includes('\n\nNot needed: no finding here is suppressed by it.\n'), stale);
  });

  it('reports an expired suppression, which no longer suppresses', async () => {
    const uri = fileUri(path.join(workspace, 'expired.tf'));
    await client.open(uri, '# iac-audit:ignore IAC-AWS-KMS-001 reason="old" expires=2020-01-01\n' + KMS_AND_SSH);
    const published = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['IAC-SUPPRESS-002', 0],
        ['IAC-AWS-KMS-001', 1],
        ['IAC-AWS-EC2-001', 12],
      ],
    );
    const value = ((await hover(uri, 0, 10))?.contents as MarkupContent).value;
    assert.ok(value.includes('Expires: 2020-01-01 (**expired**'), value);
    assert.ok(value.includes('Expired: it no longer suppresses anything.'), value);
  });
});
