/**
 * Protocol tests: the workspace around open documents. Cross-file resolution (a tfvars change on
 * disk flips a finding in an open file), background indexing of closed files with the status
 * notification, "Scan Workspace", deleted and closed files.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { buildServer } from './support/build-server';
import { fileUri, TestClient } from './support/lsp-client';
import { removeWorkspace, tempWorkspace, writeFile } from './support/workspace';
import { KMS_AND_SSH } from './support/fixtures';
import type { ScanSummary } from '../../server/src/lsp/protocol';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

const VERSIONED_BUCKET = `variable "versioning_status" {
  type    = string
  default = "Enabled"
}

resource "aws_s3_bucket" "this" {
  bucket = "audit-tfvars"
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning_status
  }
}
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  containers:
    - name: a
      image: nginx:1.25
`;

describe('protocol: workspace', function () {
  before(async function () {
    this.timeout(60_000);
    await buildServer();
  });

  describe('cross-file resolution', () => {
    let client: TestClient;
    let workspace: string;

    before(async () => {
      workspace = tempWorkspace({ 'main.tf': VERSIONED_BUCKET, 'terraform.tfvars': 'versioning_status = "Enabled"\n' });
      ({ client } = await TestClient.start({ workspace, settings: { debounceMs: 0 } }));
    });
    after(async () => {
      await client?.stop();
      removeWorkspace(workspace);
    });

    it('flips a finding in an open main.tf when terraform.tfvars changes on disk', async () => {
      const uri = fileUri(path.join(workspace, 'main.tf'));
      await client.open(uri, VERSIONED_BUCKET, 'terraform');
      const first = await client.diagnosticsFor(uri, 1);
      const versioning = (codes: (string | number | undefined)[]) => codes.filter((c) => c === 'IAC-AWS-S3-002');
      assert.deepEqual(versioning(first.diagnostics.map((d) => d.code)), []);

      const tfvars = writeFile(workspace, 'terraform.tfvars', 'versioning_status = "Suspended"\n');
      let next = client.nextDiagnostics(uri);
      await client.filesChanged([{ uri: fileUri(tfvars), type: FileChangeType.Changed }]);
      const flipped = await next;
      assert.equal(flipped.version, 1);
      const finding = flipped.diagnostics.find((d) => d.code === 'IAC-AWS-S3-002');
      assert.deepEqual(finding?.range, range(13, 13, 13, 34));

      writeFile(workspace, 'terraform.tfvars', 'versioning_status = "Enabled"\n');
      next = client.nextDiagnostics(uri);
      await client.filesChanged([{ uri: fileUri(tfvars), type: FileChangeType.Changed }]);
      assert.deepEqual(versioning((await next).diagnostics.map((d) => d.code)), []);

      // Deleting the tfvars falls back to the variable's default ("Enabled"), so nothing changes;
      // a new auto.tfvars that suspends it flips the finding again.
      fs.rmSync(tfvars);
      const auto = writeFile(workspace, 'prod.auto.tfvars', 'versioning_status = "Suspended"\n');
      next = client.nextDiagnostics(uri);
      await client.filesChanged([
        { uri: fileUri(tfvars), type: FileChangeType.Deleted },
        { uri: fileUri(auto), type: FileChangeType.Created },
      ]);
      assert.deepEqual(versioning((await next).diagnostics.map((d) => d.code)), ['IAC-AWS-S3-002']);
    });
  });

  describe('background indexing', () => {
    let client: TestClient;
    let workspace: string;

    before(async () => {
      workspace = tempWorkspace({
        'infra/main.tf': KMS_AND_SSH,
        'k8s/pod.yaml': POD,
        'k8s/values.yaml': 'replicas: 3\n',
        'package.json': '{ "name": "x" }\n',
        'node_modules/dep/main.tf': KMS_AND_SSH,
        'README.md': '# hi\n',
      });
      ({ client } = await TestClient.start({ workspace, settings: { debounceMs: 0 }, initializationOptions: { indexWorkspace: true } }));
    });
    after(async () => {
      await client?.stop();
      removeWorkspace(workspace);
    });

    it('publishes findings of files that are not open and reports counts when idle', async () => {
      const done = await client.status.wait((s) => !s.indexing && s.total > 0);
      // main.tf, pod.yaml, values.yaml, package.json; node_modules is skipped.
      assert.equal(done.total, 4);
      assert.equal(done.done, 4);
      const main = fileUri(path.join(workspace, 'infra/main.tf'));
      const pod = fileUri(path.join(workspace, 'k8s/pod.yaml'));
      const mainDiagnostics = client.latest(main);
      assert.equal(mainDiagnostics?.version, undefined);
      assert.deepEqual(mainDiagnostics?.diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'IAC-AWS-EC2-001']);
      const podCodes = client.latest(pod)?.diagnostics.map((d) => d.code) ?? [];
      assert.ok(podCodes.includes('IAC-K8S-POD-004'), podCodes.join(','));
      assert.equal(client.latest(fileUri(path.join(workspace, 'node_modules/dep/main.tf'))), undefined);
      assert.equal(client.latest(fileUri(path.join(workspace, 'k8s/values.yaml'))), undefined);
      const podCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
      for (const d of client.latest(pod)!.diagnostics) {
        const severity = d.severity === 1 ? 'high' : d.severity === 2 ? 'medium' : d.severity === 3 ? 'low' : 'info';
        podCounts[severity]++;
      }
      assert.equal(done.files, 2);
      assert.equal(done.counts.medium, 1 + podCounts.medium);
      assert.equal(done.counts.high + done.counts.critical, 1 + podCounts.high);
    });

    it('scans the workspace on request and returns a summary', async () => {
      const summary = (await client.connection.sendRequest('workspace/executeCommand', {
        command: 'iacAudit.server.scanWorkspace',
        arguments: [],
      })) as ScanSummary;
      assert.equal(summary.files, 2);
      const status = client.status.all[client.status.all.length - 1];
      assert.equal(status.indexing, false);
      assert.equal(summary.findings, Object.values(status.counts).reduce((a, b) => a + b, 0));
      assert.deepEqual(summary.counts, status.counts);
    });

    it('clears the diagnostics of a deleted file', async () => {
      const pod = path.join(workspace, 'k8s/pod.yaml');
      fs.rmSync(pod);
      const next = client.nextDiagnostics(fileUri(pod));
      await client.filesChanged([{ uri: fileUri(pod), type: FileChangeType.Deleted }]);
      assert.deepEqual((await next).diagnostics, []);
    });

    it('falls back to the text on disk when an edited document is closed', async () => {
      const uri = fileUri(path.join(workspace, 'infra/main.tf'));
      await client.open(uri, KMS_AND_SSH, 'terraform');
      await client.change(uri, 2, [{ text: 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n' }]);
      assert.deepEqual((await client.diagnosticsFor(uri, 2)).diagnostics, []);
      const next = client.nextDiagnostics(uri);
      await client.close(uri);
      const closed = await next;
      assert.equal(closed.version, undefined);
      assert.deepEqual(closed.diagnostics.map((d) => d.code), ['IAC-AWS-KMS-001', 'IAC-AWS-EC2-001']);
    });
  });
});
