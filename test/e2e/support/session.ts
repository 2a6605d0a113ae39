/**
 * One real editor for the e2e suite: the freshly packaged .vsix installed into an isolated
 * code-server, served on loopback, driven by Debian's Chromium through playwright-core.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Workbench } from './workbench';

const CHROMIUM = process.env.IAC_AUDIT_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface Harness {
  ensureDebianPackages(packages: string[], present: (name: string) => boolean, why: string): void;
  debianPackagePresent(name: string): boolean;
  ensureCodeServer(): string;
  buildVsix(): string;
  installExtension(bin: string, vsix: string, extensionsDir: string, userDataDir: string): void;
  writeUserSettings(userDataDir: string, extra?: Record<string, unknown>): void;
  serve(options: { bin: string; port: number; extensionsDir: string; userDataDir: string }): {
    ready: Promise<void>;
    url: string;
    log(): string;
    stop(): Promise<void>;
  };
  freePort(): Promise<number>;
}

async function harness(): Promise<Harness> {
  // The harness is plain ESM so `npm start` can run it without a TypeScript step.
  return (await import(path.resolve(__dirname, '..', '..', '..', 'scripts', 'code-server.mjs'))) as Harness;
}

export class EditorSession {
  private constructor(
    readonly browser: Browser,
    private readonly server: { url: string; log(): string; stop(): Promise<void> },
    readonly userDataDir: string,
  ) {}

  /** Builds and installs the extension once; serves code-server with the given user settings. */
  static async start(settings: Record<string, unknown> = {}): Promise<EditorSession> {
    const h = await harness();
    if (!process.env.IAC_AUDIT_CHROMIUM) h.ensureDebianPackages(['chromium', 'git'], h.debianPackagePresent, 'the end-to-end tests drive Debian\'s Chromium');
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set IAC_AUDIT_CHROMIUM).`);
    const bin = h.ensureCodeServer();
    const vsix = builtVsix ?? (builtVsix = h.buildVsix());
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'iac-audit-cs-'));
    const extensionsDir = path.join(root, 'extensions');
    const userDataDir = path.join(root, 'user-data');
    h.writeUserSettings(userDataDir, { 'git.openRepositoryInParentFolders': 'never', 'git.enabled': false, 'iacAudit.drift.stateFile': 'terraform/terraform.tfstate', ...settings });
    h.installExtension(bin, vsix, extensionsDir, userDataDir);
    const server = h.serve({ bin, port: await h.freePort(), extensionsDir, userDataDir });
    await server.ready;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
    return new EditorSession(browser, server, userDataDir);
  }

  /** Opens VS Code on a folder in a fresh page. */
  async open(folder: string): Promise<{ page: Page; workbench: Workbench }> {
    const page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${this.server.url}/?folder=${encodeURIComponent(folder)}`);
    const workbench = new Workbench(page);
    await workbench.waitUntilReady();
    return { page, workbench };
  }

  /** What a failing test prints: code-server's log and the extension's output channel. */
  diagnostics(): string {
    const parts = [`----- code-server log -----\n${this.server.log().slice(-8000)}`];
    for (const file of findFiles(path.join(this.userDataDir, 'logs'), (name) => /IaC Audit/i.test(name) || /iac-audit/i.test(name))) {
      parts.push(`----- ${path.relative(this.userDataDir, file)} -----\n${fs.readFileSync(file, 'utf8').slice(-8000)}`);
    }
    return parts.join('\n');
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
  }
}

let builtVsix: string | undefined;

function findFiles(dir: string, match: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(abs, match));
    else if (match(entry.name)) out.push(abs);
  }
  return out;
}
