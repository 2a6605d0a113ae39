/**
 * End-to-end: the packaged extension inside real VS Code (code-server 1.100) driven by Chromium,
 * checked through what a person sees: squiggles, the Problems view, hovers, the quick-fix menu,
 * the editor text. Every wait is on the DOM. One screenshot per scenario in test-results/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { EditorSession } from './support/session';
import type { Workbench } from './support/workbench';
import { createWorkspace } from './support/workspace';

describe('IaC Audit in VS Code (code-server + Chromium)', function () {
  this.timeout(240_000);
  let session: EditorSession;
  let page: Page | undefined;

  before(async function () {
    this.timeout(900_000); // first run installs code-server into .cache/
    session = await EditorSession.start();
  });

  after(async () => {
    await session?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      if (page) await page.screenshot({ path: path.join(resultsDir(), `FAILED-${slug(this.currentTest.title)}.png`) }).catch(() => undefined);
      console.log(session.diagnostics());
    }
    await page?.close().catch(() => undefined);
    page = undefined;
  });

  async function openWorkspace(trust = true): Promise<{ workbench: Workbench; dir: string }> {
    const dir = createWorkspace();
    const opened = await session.open(dir);
    page = opened.page;
    await opened.workbench.answerTrust(trust);
    return { workbench: opened.workbench, dir };
  }

  it('1. an insecure main.tf shows squiggles and its findings with ids and line numbers; a secure file shows none', async () => {
    const { workbench } = await openWorkspace();
    await workbench.openFile('terraform/main.tf');
    await workbench.squiggles().first().waitFor();
    await workbench.waitForProblem('IAC-AWS-S3-004', '[Ln 3, Col 12]');
    await workbench.waitForProblem('IAC-AWS-EC2-001', '[Ln 15, Col 20]');
    await workbench.waitForProblem('IAC-AWS-RDS-002', '[Ln 25, Col 25]');
    await workbench.waitForProblem('IAC-AWS-KMS-001', '[Ln 28, Col 1]');
    await workbench.screenshot('1-insecure-main-tf');
    const activation = /IaC Audit activated in (\d+) ms/.exec(session.diagnostics());
    if (activation) console.log(`      (extension activation, server included: ${activation[1]} ms)`);

    await workbench.openFile('secure/main.tf');
    await workbench.activeEditor().locator('.view-lines', { hasText: 'aws_security_group" "internal"' }).waitFor();
    // The server has answered for this file once its status reports it; then no squiggle may exist.
    await workbench.waitForStatus(/\d+ (critical|high|medium|low|info)/);
    assert.equal(await workbench.squiggles().count(), 0, 'a secure file shows no squiggles');
    const rows = await workbench.problemRows();
    assert.ok(!rows.some((r) => /problems? in file main\.tf of folder secure/.test(r)), `secure/main.tf has problems: ${rows.join('\n')}`);
    await workbench.screenshot('1-secure-main-tf');
  });

  it('2. typing a private CIDR over 0.0.0.0/0 removes the finding without saving', async () => {
    const { workbench, dir } = await openWorkspace();
    await workbench.openFile('terraform/main.tf');
    await workbench.waitForProblem('IAC-AWS-EC2-001', '[Ln 15, Col 20]');
    await workbench.replaceAt(15, 21, '0.0.0.0/0'.length, '10.0.0.0/8');
    await workbench.waitForNoProblem('IAC-AWS-EC2-001');
    assert.match(await workbench.editorText(), /cidr_blocks = \["10\.0\.0\.0\/8"\]/);
    assert.match(fs.readFileSync(path.join(dir, 'terraform/main.tf'), 'utf8'), /0\.0\.0\.0\/0/, 'the file on disk is unchanged (not saved)');
    await workbench.waitForProblem('IAC-AWS-S3-004'); // other findings stay
    await workbench.screenshot('2-typed-fix');
  });

  it('3. the quick fix (Ctrl+.) applies and the finding disappears; Fix All fixes the file', async () => {
    const { workbench } = await openWorkspace();
    await workbench.openFile('terraform/main.tf');
    await workbench.waitForProblem('IAC-AWS-RDS-002', '[Ln 25, Col 25]');
    await workbench.quickFix(25, 25, 'Fix: make the database private');
    await workbench.waitForNoProblem('IAC-AWS-RDS-002');
    assert.match(await workbench.editorText(), /publicly_accessible = false/);
    await workbench.screenshot('3-quick-fix');

    await workbench.waitForProblem('IAC-AWS-KMS-001', '[Ln 28, Col 1]');
    await workbench.runCommand('IaC Audit: Fix All in File');
    await workbench.waitForNoProblem('IAC-AWS-KMS-001');
    assert.match(await workbench.editorText(), /enable_key_rotation = true/);
    await workbench.screenshot('3-fix-all');
  });

  it('4. suppressing with a reason inserts the comment and the finding leaves the Problems view', async () => {
    const { workbench } = await openWorkspace();
    await workbench.openFile('terraform/main.tf');
    await workbench.waitForProblem('IAC-AWS-S3-004', '[Ln 3, Col 12]');
    await workbench.quickFix(3, 12, 'Suppress IAC-AWS-S3-004 with a reason');
    await workbench.answerInput('Why is this finding acceptable?', 'public download bucket, reviewed by security');
    await workbench.answerInput('Date after which the suppression stops applying', ''); // no expiry
    await workbench.waitForNoProblem('IAC-AWS-S3-004');
    assert.match(await workbench.editorText(), /# iac-audit:ignore IAC-AWS-S3-004 reason="public download bucket, reviewed by security"/);
    await workbench.screenshot('4-suppressed');
  });

  it('5. hovering a finding shows its title, severity and compliance mappings', async () => {
    const { workbench } = await openWorkspace();
    await workbench.openFile('terraform/main.tf');
    await workbench.waitForProblem('IAC-AWS-EC2-001', '[Ln 15, Col 20]');
    const hover = await workbench.hoverAt(15, 22, 'Security group allows SSH from the internet');
    assert.match(hover, /high/i);
    assert.match(hover, /CIS AWS/);
    assert.match(hover, /SOC 2/);
    assert.match(hover, /CKV_AWS_24/);
    await workbench.screenshot('5-hover');
  });

  it('6. a Kubernetes manifest and a CloudFormation template also produce findings', async () => {
    const { workbench } = await openWorkspace();
    await workbench.openFile('kubernetes/pod.yaml');
    await workbench.waitForProblem('IAC-K8S-POD-001', '[Ln 10, Col 21]');
    await workbench.squiggles().first().waitFor();
    await workbench.screenshot('6-kubernetes');
    await workbench.openFile('cloudformation/template.yaml');
    await workbench.waitForProblem('IAC-CFN-EC2-001', '[Ln 11, Col 19]');
    await workbench.screenshot('6-cloudformation');
  });

  it('8. the hover of a finding names who introduced it (git blame) and when', async () => {
    const { workbench } = await openWorkspace();
    await workbench.openFile('terraform/main.tf');
    await workbench.waitForProblem('IAC-AWS-EC2-001', '[Ln 15, Col 20]');
    // Line 15 came in the second author's commit; line 3 in the first author's.
    const sg = await workbench.hoverAt(15, 22, 'Introduced by');
    assert.match(sg, /Introduced by Grace Hopper <grace@example\.com>, .+ ago, in [0-9a-f]{7} 'open SG for debugging'/);
    await workbench.screenshot('8-owner-in-hover');
    const acl = await workbench.hoverAt(3, 14, 'Introduced by');
    assert.match(acl, /Introduced by Ada Lovelace <ada@example\.com>, .+ ago, in [0-9a-f]{7} 'Initial infrastructure'/);
  });

  it('7. in Restricted Mode (workspace not trusted) declarative findings still show', async () => {
    const { workbench } = await openWorkspace(false);
    await workbench.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    await workbench.openFile('terraform/main.tf');
    await workbench.waitForProblem('IAC-AWS-EC2-001', '[Ln 15, Col 20]');
    await workbench.screenshot('7-restricted-mode');
  });

  it('9. drift: the Drift view lists the resource whose state differs from the code, and opens its code', async () => {
    // The user settings set iacAudit.drift.stateFile to terraform/terraform.tfstate (support/session.ts).
    const { workbench } = await openWorkspace();
    await workbench.runCommand('IaC Audit: Show Drift');
    const pane = workbench.page.locator('.pane', { has: workbench.page.locator('.pane-header', { hasText: /^Drift/ }) });
    await pane.locator('.monaco-list-row', { hasText: 'Code differs from state' }).waitFor();
    const changed = pane.locator('.monaco-list-row', { hasText: 'aws_s3_bucket.uploads' });
    await changed.waitFor();
    assert.match(await changed.innerText(), /acl: code "public-read", state "private"/);
    await pane.locator('.monaco-list-row', { hasText: 'aws_iam_user.intruder' }).waitFor();
    await workbench.screenshot('9-drift-view');
    await changed.click();
    await workbench.page.locator('.tab.active', { hasText: 'main.tf' }).waitFor();
    // The cursor lands on the attribute's value (line 3), as the status bar's position item shows.
    await workbench.page.locator('.statusbar-item', { hasText: /Ln 3, Col \d+/ }).first().waitFor();
  });
});

function resultsDir(): string {
  const dir = path.resolve(__dirname, '..', '..', 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function slug(title: string): string {
  return title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
}
