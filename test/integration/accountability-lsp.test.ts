/**
 * Accountability through the language server (the built dist/server.js over stdio, as an editor
 * runs it) on the temporary repository of accountability.test.ts: owners in hovers (of the unsaved
 * buffer), no git at all in an untrusted workspace or while typing, findings by owner, the
 * suppression ledger, and the audit log of editor fixes and suppressions.
 *
 * A `git` shim first on PATH logs every invocation, so "no git process" is observed, not assumed.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { relativeTime } from '../../server/src/engine/ownership/index';
import type { AuditLogVerification, LedgerItem, OwnerGroup } from '../../server/src/lsp/protocol';
import { buildServer } from '../protocol/support/build-server';
import { fileUri, TestClient, type StartOptions } from '../protocol/support/lsp-client';
import { accountabilityRepo } from '../unit/ownership/accountability-repo';
import { ADA, GRACE, gitAvailable, LOCAL, type TempRepo } from '../unit/ownership/git-repo';

const SHIM = process.platform !== 'win32';

describe('accountability (language server)', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  let adaSha: string;
  let graceSha: string;
  let shimDir: string;
  let gitLog: string;
  const clients: TestClient[] = [];

  before(async function () {
    if (!gitAvailable()) {
      console.log('    (skipped: git is not installed)');
      this.skip();
    }
    await buildServer();
    ({ repo, adaSha, graceSha } = accountabilityRepo());
    shimDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-git-shim-'));
    gitLog = path.join(shimDir, 'calls.log');
    if (SHIM) {
      const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      fs.writeFileSync(path.join(shimDir, 'git'), `#!/bin/sh\necho "$*" >> '${gitLog}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
    }
  });
  after(async () => {
    for (const client of clients) await client.stop();
    repo?.remove();
    if (shimDir) fs.rmSync(shimDir, { recursive: true, force: true });
  });

  /** Starts a server whose PATH finds the git shim first (the child copies the environment at spawn). */
  async function start(options: StartOptions): Promise<TestClient> {
    const saved = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: process.env.GIT_CONFIG_NOSYSTEM };
    process.env.PATH = `${shimDir}${path.delimiter}${process.env.PATH}`;
    process.env.HOME = repo.home;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    try {
      const { client } = await TestClient.start(options);
      clients.push(client);
      return client;
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  const gitCalls = (): string[] => (fs.existsSync(gitLog) ? fs.readFileSync(gitLog, 'utf8').trim().split('\n').filter(Boolean) : []);
  const hover = async (client: TestClient, uri: string, line: number, character: number) => {
    const result = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as Hover | null;
    return (result?.contents as MarkupContent | undefined)?.value ?? '';
  };
  const command = <T>(client: TestClient, name: string, args: unknown[] = []) => client.connection.sendRequest('workspace/executeCommand', { command: name, arguments: args }) as Promise<T>;
  const mainUri = () => fileUri(path.join(repo.dir, 'infra', 'main.tf'));
  const mainText = () => fs.readFileSync(path.join(repo.dir, 'infra', 'main.tf'), 'utf8');

  it('the hover of a finding says who introduced it, when, in which commit, and the code owners', async () => {
    fs.rmSync(gitLog, { force: true });
    const client = await start({ workspace: repo.dir, settings: { debounceMs: 0 } });
    const uri = mainUri();
    await client.open(uri, mainText(), 'terraform');
    const published = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(published.diagnostics.map((d) => `${d.range.start.line}:${d.code}`), ['7:IAC-AWS-EC2-001', '11:IAC-AWS-KMS-001', '15:IAC-AWS-KMS-001']);
    if (SHIM) assert.deepEqual(gitCalls(), [], 'opening and auditing a document starts no git process');

    const now = new Date();
    const ec2 = await hover(client, uri, 7, 22);
    // Ownership stands right under the severity line, so it is never scrolled out of the hover.
    assert.ok(
      ec2.includes(
        `Severity: **high** · Resource: \`aws_security_group.ssh\`\n\nIntroduced by Grace Hopper \\<grace@example.com\\>, ${relativeTime('2024-02-01T09:30:00-05:00', now)}, in ${graceSha.slice(0, 7)} 'open SG for debugging'  \nCode owners: @org/platform, @ada`,
      ),
      ec2,
    );
    assert.match(ec2, /^\*\*IAC-AWS-EC2-001\*\*: /);
    const kms = await hover(client, uri, 11, 3);
    assert.ok(kms.includes(`\n\nIntroduced by Ada Lovelace \\<ada@example.com\\>, ${relativeTime('2024-01-10T10:00:00+01:00', now)}, in ${adaSha.slice(0, 7)} 'add SSH security group and app key'  \nCode owners: @org/platform, @ada`), kms);
    const added = await hover(client, uri, 15, 3);
    assert.ok(added.includes(`\n\n**Uncommitted change by ${LOCAL.name} \\<${LOCAL.email}\\> (not committed, so not reviewed yet)**  \nCode owners: @org/platform, @ada`), added);
    if (SHIM) {
      const calls = gitCalls();
      assert.ok(calls.some((c) => c.includes('blame --porcelain -w') && c.includes('--contents -') && c.endsWith('-- infra/main.tf')), calls.join('\n'));
      // Hovering again is answered from the cache.
      const before = calls.length;
      await hover(client, uri, 7, 22);
      assert.equal(gitCalls().length, before);
    }

    // The unsaved buffer is what is blamed: renaming the key makes its header line uncommitted.
    await client.change(uri, 2, [{ range: { start: { line: 11, character: 23 }, end: { line: 11, character: 28 } }, text: '"app2"' }]);
    await client.diagnosticsFor(uri, 2);
    const renamed = await hover(client, uri, 11, 3);
    assert.ok(renamed.includes(`**Uncommitted change by ${LOCAL.name} \\<${LOCAL.email}\\> (not committed, so not reviewed yet)**`), renamed);
    const typing = gitCalls().length;
    await client.change(uri, 3, [{ range: { start: { line: 12, character: 16 }, end: { line: 12, character: 16 } }, text: 'x' }]);
    await client.diagnosticsFor(uri, 3);
    if (SHIM) assert.equal(gitCalls().length, typing, 'typing starts no git process');

    // Requests wait for a settings reload in progress, so no other synchronisation is needed.
    // iacAudit.ownership.showUncommitted: false leaves uncommitted lines out; enabled: false everything.
    await client.configure({ debounceMs: 0, ownership: { showUncommitted: false } });
    assert.ok(!(await hover(client, uri, 15, 3)).includes('Uncommitted'));
    assert.ok((await hover(client, uri, 7, 22)).includes('Introduced by Grace Hopper'));
    await client.configure({ debounceMs: 0, ownership: { enabled: false } });
    assert.ok(!(await hover(client, uri, 7, 22)).includes('Introduced by'));
    await client.configure({ debounceMs: 0 });
  });

  it('findings by owner, the suppression ledger and owner decorations', async () => {
    const client = clients[0];
    const logsUri = fileUri(path.join(repo.dir, 'infra', 'logs.tf'));
    await client.open(logsUri, fs.readFileSync(path.join(repo.dir, 'infra', 'logs.tf'), 'utf8'), 'terraform');
    await client.diagnosticsFor(logsUri, 1);
    const comment = await hover(client, logsUri, 0, 5);
    assert.ok(
      comment.endsWith(`\n\nAdded by Ada Lovelace \\<ada@example.com\\> on 2024-01-10 (${relativeTime('2024-01-10T10:00:00+01:00', new Date())}) in ${adaSha.slice(0, 7)} 'add SSH security group and app key'.`),
      comment,
    );

    const groups = await command<OwnerGroup[]>(client, 'iacAudit.server.findingsByOwner');
    assert.deepEqual(
      groups.map((g) => [g.label, g.files.map((f) => [path.basename(f.path), f.findings.map((x) => `${x.range.start.line}:${x.policyId}`)])]),
      [
        // Committed authors first, then uncommitted changes (line 11 was renamed in the buffer above).
        [`${GRACE.name} <${GRACE.email}>`, [['main.tf', ['7:IAC-AWS-EC2-001']]]],
        ['Uncommitted changes', [['main.tf', ['11:IAC-AWS-KMS-001', '15:IAC-AWS-KMS-001']]]],
      ],
    );
    assert.deepEqual(groups[0].owner, { author: GRACE.name, email: GRACE.email, commit: graceSha, date: '2024-02-01T09:30:00-05:00', summary: 'open SG for debugging', uncommitted: false, codeowners: ['@org/platform', '@ada'] });

    const ledger = await command<LedgerItem[]>(client, 'iacAudit.server.suppressionLedger');
    assert.deepEqual(
      ledger.map(({ uri, ...rest }) => ({ uri: uri === logsUri, ...rest, daysUntilExpiry: typeof rest.daysUntilExpiry })),
      [
        {
          uri: true,
          path: path.join(repo.dir, 'infra', 'logs.tf').split(path.sep).join('/'),
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 81 } },
          policies: ['IAC-AWS-KMS-001'],
          resource: 'aws_kms_key.logs',
          reason: 'rotated by the HSM',
          expires: '2099-01-31',
          daysUntilExpiry: 'number',
          status: 'active',
          suppressedCount: 1,
          addedBy: { name: ADA.name, email: ADA.email },
          addedAt: '2024-01-10T10:00:00+01:00',
          commit: adaSha,
          uncommitted: false,
        },
      ],
    );

    assert.deepEqual(await command(client, 'iacAudit.server.documentOwners', [mainUri()]), [], 'decorations are off by default');
    await client.configure({ debounceMs: 0, ownership: { decorations: true } });
    const decorations = await command<{ line: number; text: string }[]>(client, 'iacAudit.server.documentOwners', [mainUri()]);
    assert.deepEqual(decorations.map((d) => [d.line, d.text]), [
      [7, `${GRACE.name}, ${relativeTime('2024-02-01T09:30:00-05:00', new Date())}`],
      [11, `uncommitted · ${LOCAL.name}`],
      [15, `uncommitted · ${LOCAL.name}`],
    ]);
    await client.configure({ debounceMs: 0 });
  });

  it('the audit log records a quick fix and a suppression applied from the editor; verify', async () => {
    const client = clients[0];
    const uri = mainUri();
    const log = path.join(repo.dir, '.iac-audit', 'audit-log.jsonl');
    assert.equal(fs.existsSync(log), false);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 15, character: 2 }, end: { line: 15, character: 2 } },
      context: { diagnostics: [], only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Fix: enable automatic key rotation')!;
    assert.equal(fix.command?.command, 'iacAudit.server.recordFix');
    // The client applies the edit, then runs the follow-up command.
    assert.deepEqual(await command(client, fix.command!.command, fix.command!.arguments), { recorded: true });

    const applied = await command<{ applied: boolean }>(client, 'iacAudit.server.applySuppression', [
      { uri, version: null, policyId: 'IAC-AWS-EC2-001', resource: 'aws_security_group.ssh', line: 7, reason: 'bastion only', expires: '2099-06-30' },
    ]);
    assert.deepEqual(applied, { applied: true });

    const entries = fs.readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(entries.map((e) => [e.seq, e.event, e.actor]), [
      [1, 'fix.applied', { name: LOCAL.name, email: LOCAL.email }],
      [2, 'suppression.added', { name: LOCAL.name, email: LOCAL.email }],
    ]);
    assert.deepEqual({ ...entries[0].data, before: entries[0].data.before.length, after: entries[0].data.after.length }, {
      source: 'editor',
      file: 'infra/main.tf',
      before: 64,
      after: 64,
      fixes: [{ policyId: 'IAC-AWS-KMS-001', resource: 'aws_kms_key.new', description: 'enable automatic key rotation' }],
    });
    assert.notEqual(entries[0].data.before, entries[0].data.after);
    assert.deepEqual(entries[1].data, {
      source: 'editor',
      suppressions: [{ file: 'infra/main.tf', line: 1, resource: 'aws_security_group.ssh', policies: ['IAC-AWS-EC2-001'], reason: 'bastion only', expires: '2099-06-30', kind: 'iac-audit' }],
    });

    const verified = await command<AuditLogVerification>(client, 'iacAudit.server.verifyAuditLog');
    assert.deepEqual({ ...verified, head: verified.head?.length }, { file: log, exists: true, ok: true, entries: 2, message: verified.message, head: 64 });
    assert.match(verified.message, /^verified 2 entries; the chain is intact/);
    fs.writeFileSync(log, fs.readFileSync(log, 'utf8').replace('"bastion only"', '"bastion"').replace('"line":1', '"line":2'));
    const first = fs.readFileSync(log, 'utf8').split('\n');
    fs.writeFileSync(log, [first[0].replace('"source":"editor"', '"source":"cli"'), ...first.slice(1)].join('\n'));
    const broken = await command<AuditLogVerification>(client, 'iacAudit.server.verifyAuditLog');
    assert.deepEqual([broken.ok, broken.brokenLine], [false, 1]);

    // iacAudit.auditLog.enabled: false: no follow-up command, nothing written.
    await client.configure({ debounceMs: 0, auditLog: { enabled: false } });
    const quiet = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 15, character: 2 }, end: { line: 15, character: 2 } },
      context: { diagnostics: [], only: ['quickfix'] },
    })) as CodeAction[];
    assert.equal(quiet.find((a) => a.title === 'Fix: enable automatic key rotation')!.command, undefined);
    fs.rmSync(path.join(repo.dir, '.iac-audit'), { recursive: true, force: true });
  });

  it('an untrusted workspace starts no git process: no owner in hovers, the OS user as actor', async function () {
    fs.rmSync(gitLog, { force: true });
    const client = await start({ workspace: repo.dir, settings: { debounceMs: 0 }, initializationOptions: { trusted: false, indexWorkspace: false } });
    const uri = mainUri();
    await client.open(uri, mainText(), 'terraform');
    await client.diagnosticsFor(uri, 1);
    const value = await hover(client, uri, 7, 22);
    assert.match(value, /^\*\*IAC-AWS-EC2-001\*\*/);
    assert.ok(!value.includes('Introduced by'), value);
    const groups = await command<OwnerGroup[]>(client, 'iacAudit.server.findingsByOwner');
    assert.deepEqual(groups.map((g) => g.label), ['No owner (Restricted Mode: git does not run)']);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 15, character: 2 }, end: { line: 15, character: 2 } },
      context: { diagnostics: [], only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Fix: enable automatic key rotation')!;
    await command(client, fix.command!.command, fix.command!.arguments);
    const entry = JSON.parse(fs.readFileSync(path.join(repo.dir, '.iac-audit', 'audit-log.jsonl'), 'utf8').trim());
    assert.deepEqual(entry.actor, { name: os.userInfo().username, email: null });
    if (SHIM) assert.deepEqual(gitCalls(), []);
  });
});
