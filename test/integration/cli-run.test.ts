/**
 * The CLI in-process (`run(argv, io)` with captured streams): what needs a terminal (progress,
 * colour) or is cheaper to check without spawning, plus the small argument helpers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { byteSize, listOption } from '../../server/src/cli/args';
import { excludeMatcher } from '../../server/src/cli/exclude';
import type { CliIo } from '../../server/src/cli/io';
import { run } from '../../server/src/cli/main';
import { progressReporter } from '../../server/src/cli/progress';
import { NodeFileHost } from '../../server/src/node/file-host';

interface Captured {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
}

function capture(cwd: string, { stdoutTTY = false, stderrTTY = false, env = {} as Record<string, string> } = {}): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      cwd,
      env,
      stdout: { write: (t: string) => (out += t), isTTY: stdoutTTY },
      stderr: { write: (t: string) => (err += t), isTTY: stderrTTY },
    },
    stdout: () => out,
    stderr: () => err,
  };
}

const BUCKET = (name: string) => `resource "aws_s3_bucket" "${name}" {\n  bucket = "${name}"\n}\n`;

describe('iac-audit CLI (in-process)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-run-'));
    // 60 modules of one bucket each: enough for the progress line (> 50 files).
    for (let i = 0; i < 60; i++) {
      fs.mkdirSync(path.join(dir, 'many', `m${i}`), { recursive: true });
      fs.writeFileSync(path.join(dir, 'many', `m${i}`, 'main.tf'), BUCKET(`b${i}`));
    }
    fs.writeFileSync(path.join(dir, 'one.tf'), `# iac-audit:ignore IAC-AWS-S3-001 reason="accepted"\n${BUCKET('one')}`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows a progress line on a terminal for more than 50 files, and clears it', async () => {
    const c = capture(dir, { stderrTTY: true });
    const code = await run(['scan', 'many', '--policy', 'IAC-AWS-S3-001', '--format', 'json'], c.io);
    assert.equal(code, 1);
    assert.match(c.stderr(), /^\r\u001b\[KScanning \d+\/60 files \(\d+%\)/);
    assert.match(c.stderr(), /Scanning 60\/60 files \(100%\)\r\u001b\[K$/);
    assert.equal(JSON.parse(c.stdout()).summary.findings, 60);
  });

  it('no progress line when stderr is not a terminal, or for few files', async () => {
    const pipe = capture(dir);
    await run(['scan', 'many', '--policy', 'IAC-AWS-S3-001'], pipe.io);
    assert.equal(pipe.stderr(), '');
    const few = capture(dir, { stderrTTY: true });
    await run(['scan', 'one.tf', '--policy', 'IAC-AWS-S3-001'], few.io);
    assert.equal(few.stderr(), '');
  });

  it('colours text on a terminal unless --no-color or NO_COLOR; --color forces it', async () => {
    const ESC = /\u001b\[/;
    const tty = capture(dir, { stdoutTTY: true });
    await run(['scan', 'many/m1'], tty.io);
    assert.match(tty.stdout(), ESC);
    const noColor = capture(dir, { stdoutTTY: true });
    await run(['scan', 'many/m1', '--no-color'], noColor.io);
    assert.doesNotMatch(noColor.stdout(), ESC);
    const envNoColor = capture(dir, { stdoutTTY: true, env: { NO_COLOR: '1' } });
    await run(['scan', 'many/m1'], envNoColor.io);
    assert.doesNotMatch(envNoColor.stdout(), ESC);
    const forced = capture(dir);
    await run(['scan', 'many/m1', '--color'], forced.io);
    assert.match(forced.stdout(), ESC);
  });

  it('--show-suppressed lists suppressed findings with their reason', async () => {
    const c = capture(dir);
    const code = await run(['scan', 'one.tf', '--policy', 'IAC-AWS-S3-001', '--show-suppressed'], c.io);
    assert.equal(code, 0);
    assert.match(c.stdout(), /^one\.tf:2:1 +\w+ +IAC-AWS-S3-001 +.*\[suppressed: iac-audit, "accepted"\]$/m);
    assert.match(c.stdout(), /No findings in 1 file; 1 suppressed\.\n$/);
  });

  it('help for a command, and errors for unknown ones', async () => {
    const help = capture(dir);
    assert.equal(await run(['help', 'policies'], help.io), 0);
    assert.match(help.stdout(), /^Usage: iac-audit policies \[--format text\|json\]/);
    const unknown = capture(dir);
    assert.equal(await run(['help', 'nope'], unknown.io), 2);
    assert.match(unknown.stderr(), /^iac-audit: unknown command "nope"/);
    const flag = capture(dir);
    assert.equal(await run(['--frobnicate'], flag.io), 2);
    assert.match(flag.stderr(), /^iac-audit: unknown option "--frobnicate"/);
  });
});

describe('CLI helpers', () => {
  it('listOption splits repeated and comma-separated values', () => {
    assert.deepEqual(listOption(['A,B', ' C ', '']), ['A', 'B', 'C']);
    assert.deepEqual(listOption(undefined), []);
  });

  it('byteSize parses bytes with optional units', () => {
    assert.equal(byteSize('2097152', '--x'), 2097152);
    assert.equal(byteSize('512k', '--x'), 512 * 1024);
    assert.equal(byteSize('2MB', '--x'), 2 * 1024 * 1024);
    assert.equal(byteSize(undefined, '--x'), undefined);
    assert.throws(() => byteSize('0', '--x'), /must be positive/);
    assert.throws(() => byteSize('2GB', '--x'), /expected a number of bytes/);
  });

  it('excludeMatcher: names match anywhere, paths from the current directory', () => {
    const m = excludeMatcher(['*.tfvars', '.terraform', 'modules/legacy/**', './build/'])!;
    assert.equal(m('env/prod.tfvars'), true);
    assert.equal(m('a/.terraform'), true);
    assert.equal(m('modules/legacy'), true);
    assert.equal(m('modules/legacy/x/main.tf'), true);
    assert.equal(m('build'), true);
    assert.equal(m('modules/current/main.tf'), false);
    assert.equal(m('other/modules/legacy/main.tf'), false);
    assert.equal(excludeMatcher([]), undefined);
  });

  it('progressReporter throttles redraws to every 100 ms', () => {
    let out = '';
    let now = 0;
    const p = progressReporter({ write: (t: string) => (out += t), isTTY: true }, () => now);
    p.update(1, 100);
    now = 50;
    p.update(2, 100);
    now = 150;
    p.update(3, 100);
    p.update(100, 100);
    p.done();
    assert.equal(out.split('\r\u001b[K').filter(Boolean).join('|'), 'Scanning 1/100 files (1%)|Scanning 3/100 files (3%)|Scanning 100/100 files (100%)');
  });

  it('NodeFileHost: POSIX engine paths, directory listings, missing files', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-host-'));
    try {
      fs.mkdirSync(path.join(root, 'sub'));
      fs.writeFileSync(path.join(root, 'sub', 'a.tf'), 'x');
      fs.writeFileSync(path.join(root, 'b.yaml'), 'yy');
      fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'link-to-dir'));
      fs.symlinkSync(path.join(root, 'b.yaml'), path.join(root, 'link.yaml'));
      const host = new NodeFileHost(root);
      assert.deepEqual(await host.readDirectory('.'), [
        { name: 'b.yaml', isDirectory: false, isFile: true },
        { name: 'link.yaml', isDirectory: false, isFile: true },
        { name: 'sub', isDirectory: true, isFile: false },
      ]);
      assert.equal(await host.readFile('sub/a.tf'), 'x');
      assert.equal(await host.readFile('nope.tf'), undefined);
      assert.equal(await host.fileSize('b.yaml'), 2);
      assert.equal(await host.fileSize('sub'), undefined);
      assert.deepEqual(await host.readDirectory('missing'), []);
      assert.equal(host.toEnginePath(path.join(root, 'sub', 'a.tf')), 'sub/a.tf');
      assert.equal(host.toEnginePath('.'), '.');
      assert.equal(host.toEnginePath(path.join(root, '..', 'elsewhere')), `../elsewhere`);
      assert.equal(await host.kind('sub'), 'directory');
      assert.equal(await host.kind('b.yaml'), 'file');
      assert.equal(await host.kind('missing'), undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
