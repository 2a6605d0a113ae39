#!/usr/bin/env node
/**
 * Runs the packaged extension inside real VS Code in the browser (code-server), for the demo
 * (`npm start`) and the end-to-end tests (test/e2e). Everything code-server needs is installed
 * into the project's `.cache/` on first use, like @vscode/test-electron caches VS Code in
 * `.vscode-test/`; later starts reuse it.
 *
 * Usage: node scripts/code-server.mjs start [--port 8080] [--folder examples] [--no-build]
 *        node scripts/code-server.mjs install        (only install code-server into the cache)
 *
 * Order of preference for the editor: $IAC_AUDIT_CODE_SERVER, a `code-server` 4.x on PATH, the cache.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** code-server 4.100.x is the last line that runs on Node 20 (VS Code 1.100). */
export const CODE_SERVER_VERSION = '4.100.3';
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', `code-server-${CODE_SERVER_VERSION}`);
const CACHED_BIN = path.join(CACHE_DIR, 'node_modules', '.bin', 'code-server');
const COMPLETE_MARKER = path.join(CACHE_DIR, '.complete');
/** The archive @vscode/ripgrep's postinstall looks for before it tries (and fails) to download. */
const RIPGREP_ARCHIVE = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');

export class SetupError extends Error {}

function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

function which(command) {
  const result = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function versionOf(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 }).trim().split(/\s+/)[0];
  } catch {
    return undefined;
  }
}

/**
 * Installs missing Debian packages when we may (root with apt-get, as on CI and fresh dev machines);
 * otherwise says exactly which command to run. `present` tells whether a package is already there.
 */
export function ensureDebianPackages(packages, present, why) {
  const missing = packages.filter((name) => !present(name));
  if (!missing.length) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !which('apt-get')) throw new SetupError(`${why}: run \`sudo ${command}\` and try again.`);
  log(`${why}: ${command}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env }) : update;
  if (install.status !== 0) throw new SetupError(`\`${command}\` failed (exit ${install.status}).`);
}

const DEBIAN_CHECKS = {
  ripgrep: () => !!which('rg'),
  'libkrb5-dev': () => fs.existsSync('/usr/include/gssapi/gssapi.h') || fs.existsSync('/usr/include/gssapi.h'),
  chromium: () => !!which('chromium'),
  git: () => !!which('git'),
};

export function debianPackagePresent(name) {
  return DEBIAN_CHECKS[name]?.() ?? false;
}

/** Puts Debian's ripgrep where @vscode/ripgrep's postinstall finds it, so no download is attempted. */
function seedRipgrepCache() {
  if (fs.existsSync(RIPGREP_ARCHIVE)) return;
  const rg = which('rg');
  if (!rg) throw new SetupError('ripgrep is missing: run `apt-get install -y ripgrep libkrb5-dev` (code-server needs it; its own download fails offline).');
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-rg-'));
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  fs.mkdirSync(path.dirname(RIPGREP_ARCHIVE), { recursive: true });
  execFileSync('tar', ['-czf', RIPGREP_ARCHIVE, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
}

function checkNativeBuildPrerequisites() {
  // code-server builds the `kerberos` native module (gssapi headers) and needs ripgrep, whose own download fails offline.
  ensureDebianPackages(['libkrb5-dev', 'ripgrep'], debianPackagePresent, 'code-server needs the kerberos headers and ripgrep');
}

/** Returns the code-server executable, installing it into the cache on first use (~3 min, ~300 MB). */
export function ensureCodeServer() {
  const override = process.env.IAC_AUDIT_CODE_SERVER;
  if (override) {
    if (!fs.existsSync(override)) throw new SetupError(`IAC_AUDIT_CODE_SERVER points at ${override}, which does not exist.`);
    return override;
  }
  const onPath = which('code-server');
  if (onPath && /^4\./.test(versionOf(onPath) ?? '')) return onPath;
  if (fs.existsSync(COMPLETE_MARKER) && fs.existsSync(CACHED_BIN)) return CACHED_BIN;

  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, CACHE_DIR)} (first run only, a few minutes)…`);
  checkNativeBuildPrerequisites();
  seedRipgrepCache();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(path.join(CACHE_DIR, 'package.json'), JSON.stringify({ name: 'iac-audit-code-server-cache', private: true }) + '\n');
  const started = Date.now();
  const install = spawnSync('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--no-audit', '--no-fund', '--no-save', '--loglevel=error'], {
    cwd: CACHE_DIR,
    // node-pty's postinstall runs `npx node-gyp`, which would otherwise wait for a "yes".
    env: { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (install.status !== 0 || !fs.existsSync(CACHED_BIN)) {
    throw new SetupError(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${install.status}); see the npm output above.`);
  }
  if (!versionOf(CACHED_BIN)) throw new SetupError(`code-server was installed but \`${CACHED_BIN} --version\` fails.`);
  fs.writeFileSync(COMPLETE_MARKER, new Date().toISOString() + '\n');
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return CACHED_BIN;
}

/** Builds the .vsix with `npm run package` and returns its path. */
export function buildVsix() {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(REPO_ROOT, `${pkg.name}-${pkg.version}.vsix`);
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0 || !fs.existsSync(vsix)) throw new SetupError(`\`npm run package\` failed (exit ${result.status}): no ${path.basename(vsix)}.`);
  return vsix;
}

/** User settings that keep the editor quiet and offline; trust is decided per caller. */
export function writeUserSettings(userDataDir, extra = {}) {
  const settingsDir = path.join(userDataDir, 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...extra,
  };
  fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

export function installExtension(bin, vsix, extensionsDir, userDataDir) {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const result = spawnSync(bin, ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new SetupError(`installing ${path.basename(vsix)} into code-server failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * Starts code-server on 127.0.0.1:port (no auth: loopback only) and resolves once it listens.
 * The returned object exposes the child, its collected log and a stop() that waits for exit.
 */
export function serve({ bin, port, extensionsDir, userDataDir, env = {} }) {
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust=false',
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
  ].filter((a) => a !== '--disable-workspace-trust=false');
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      if (/HTTP server listening on/.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new SetupError(`code-server exited (code ${code}) before listening:\n${output}`)));
  });
  return {
    child,
    ready,
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    import('node:net').then(({ createServer }) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
      server.on('error', reject);
    });
  });
}

async function start(argv) {
  const option = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const folder = path.resolve(REPO_ROOT, option('--folder', 'examples'));
  const port = Number(option('--port', process.env.PORT ?? '8080'));
  const demoDir = path.join(REPO_ROOT, '.cache', 'demo');
  const extensionsDir = path.join(demoDir, 'extensions');
  const userDataDir = path.join(demoDir, 'user-data');
  const t0 = Date.now();
  const bin = ensureCodeServer();
  if (!argv.includes('--no-build')) {
    log('packaging the extension…');
    const vsix = buildVsix();
    writeUserSettings(userDataDir, { 'security.workspace.trust.enabled': false });
    installExtension(bin, vsix, extensionsDir, userDataDir);
  }
  const server = serve({ bin, port, extensionsDir, userDataDir });
  await server.ready;
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  process.stdout.write(`\nIaC Audit is running in VS Code (code-server ${versionOf(bin) ?? ''}) — ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n  open: ${url}\n  workspace: ${folder}\nPress Ctrl+C to stop.\n`);
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  server.child.once('exit', (code) => {
    log(`code-server exited (${code})`);
    process.exit(code ?? 1);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command = 'start', ...rest] = process.argv.slice(2);
  const run = command === 'install' ? async () => log(`ready: ${ensureCodeServer()}`) : () => start(rest);
  run().catch((error) => {
    process.stderr.write(`\nnpm start failed: ${error instanceof SetupError ? error.message : error?.stack ?? error}\n`);
    process.exit(1);
  });
}
