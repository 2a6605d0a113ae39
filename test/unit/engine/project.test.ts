/**
 * The orchestrator: caching, overlays, limits, module calls and policy selection, on in-memory files.
 */
import * as assert from 'node:assert/strict';
import { builtinPolicies } from '../../../policies/index';
import { MemoryFileHost } from '../../../server/src/engine/core/memory-host';
import { Project } from '../../../server/src/engine/project';

const OPEN_SG = (cidr: string) => `resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [${cidr}]
  }
}
`;

function ids(findings: { policyId: string; file: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.policyId}@${f.file}:${f.range.start.line + 1}`).sort();
}

describe('Project (orchestrator)', () => {
  it('reports findings on a called local module resource made through the caller inputs', async () => {
    const host = new MemoryFileHost({
      'root/main.tf': 'module "sg" {\n  source = "../modules/sg"\n  cidr   = "0.0.0.0/0"\n}\n',
      'modules/sg/main.tf': 'variable "cidr" {}\n' + OPEN_SG('var.cidr'),
    });
    const project = new Project(host, { policies: builtinPolicies, isPolicyEnabled: (id) => id === 'IAC-AWS-EC2-001' });
    // Standalone, the module's cidr is unknown: no finding. Through the call it is 0.0.0.0/0.
    const standalone = await project.evaluateFile('modules/sg/main.tf');
    assert.deepEqual(ids(standalone.findings), []);
    const scan = await project.scan(['root', 'modules']);
    assert.deepEqual(ids(scan.findings), ['IAC-AWS-EC2-001@modules/sg/main.tf:7']);
    assert.equal(scan.findings[0].resource, 'module.sg.aws_security_group.ssh');
  });

  it('audits the editor buffer instead of the disk and re-evaluates only when the text changes', async () => {
    const host = new MemoryFileHost({ 'main.tf': OPEN_SG('"10.0.0.0/8"') });
    const project = new Project(host, { policies: builtinPolicies, isPolicyEnabled: (id) => id === 'IAC-AWS-EC2-001' });
    assert.deepEqual(ids((await project.evaluateFile('main.tf')).findings), []);
    project.setDocument('main.tf', OPEN_SG('"0.0.0.0/0"'));
    const first = await project.evaluateFile('main.tf');
    assert.deepEqual(ids(first.findings), ['IAC-AWS-EC2-001@main.tf:6']);
    assert.equal(await project.evaluateFile('main.tf'), first, 'unchanged text: the cached evaluation is returned');
    project.closeDocument('main.tf');
    assert.deepEqual(ids((await project.evaluateFile('main.tf')).findings), []);
  });

  it('skips files over the size limit and binary files with a clear notice', async () => {
    const host = new MemoryFileHost({ 'big.tf': 'a = 1\n'.repeat(100), 'bin.tf': 'resource "a" "b" {}\u0000\u0001' });
    const project = new Project(host, { policies: builtinPolicies, maxFileSize: 100 });
    const big = await project.evaluateFile('big.tf');
    assert.deepEqual(big.errors.map((e) => e.message), ['File skipped: 600 B is over the 100 B size limit (iacAudit.maxFileSize / --max-file-size).']);
    const bin = await project.evaluateFile('bin.tf');
    assert.deepEqual(bin.errors.map((e) => e.message), ['File skipped: it looks binary (contains NUL bytes).']);
  });

  it('reports directive problems only for enabled policies', async () => {
    const text = '# iac-audit:ignore IAC-AWS-EC2-001\n' + OPEN_SG('"0.0.0.0/0"');
    const enabled = new Project(new MemoryFileHost({ 'main.tf': text }), { policies: builtinPolicies });
    assert.ok(ids((await enabled.evaluateFile('main.tf')).findings).includes('IAC-SUPPRESS-001@main.tf:1'));
    const disabled = new Project(new MemoryFileHost({ 'main.tf': text }), { policies: builtinPolicies, isPolicyEnabled: (id) => !id.startsWith('IAC-SUPPRESS-') });
    assert.ok(!ids((await disabled.evaluateFile('main.tf')).findings).some((f) => f.startsWith('IAC-SUPPRESS-')));
  });

  it('ignores YAML and JSON that are neither Kubernetes nor CloudFormation, quietly', async () => {
    const host = new MemoryFileHost({ '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'package.json': '{"name": "x"}' });
    const scan = await new Project(host, { policies: builtinPolicies }).scan(['.']);
    assert.deepEqual([scan.files, scan.findings, scan.errors], [[], [], []]);
  });
});
