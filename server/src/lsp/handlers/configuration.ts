/**
 * workspace/didChangeConfiguration, workspace folders and Workspace Trust: (re)load each folder's
 * `iacAudit.*` settings and its custom policies, then re-validate without a restart.
 */
import { DidChangeConfigurationNotification } from 'vscode-languageserver';
import { loadCustomPolicies } from '../custom-policies';
import { TRUST_NOTIFICATION, type TrustParams } from '../protocol';
import type { Session } from '../session';
import { normalizeSettings } from '../settings';
import type { Policy } from '../../engine/core/policy';

export class SettingsLoader {
  /** Settings pushed by clients without workspace/configuration (didChangeConfiguration payload). */
  private pushed: unknown;
  private readonly loggedErrors = new Set<string>();

  constructor(
    private readonly session: Session,
    initial: unknown,
  ) {
    this.pushed = initial;
  }

  /** Reads settings for every folder and applies them (the engine drops its evaluations, keeps parses). */
  async load(): Promise<void> {
    const { session } = this;
    const folders = session.folders.all;
    let raws: unknown[];
    if (session.capabilities.workspace?.configuration) {
      try {
        raws = await session.connection.workspace.getConfiguration(
          folders.map((f) => ({ scopeUri: f.uri ?? undefined, section: 'iacAudit' })),
        );
      } catch (error) {
        session.logError('Reading the iacAudit settings failed; using defaults', error);
        raws = folders.map(() => this.pushed);
      }
    } else raws = folders.map(() => this.pushed);

    const builtinIds = new Set(session.folders.fallback.policies.map((p) => p.id));
    for (let i = 0; i < folders.length; i++) {
      const folder = folders[i];
      const settings = normalizeSettings(raws[i]);
      let extra: Policy[] = [];
      if (settings.extraPolicyFolders.length) {
        if (!session.trusted) {
          this.logOnce(`The workspace is not trusted: custom policies from iacAudit.extraPolicyFolders (${settings.extraPolicyFolders.join(', ')}) are not loaded. Built-in policies still run.`);
        } else {
          const loaded = await loadCustomPolicies(settings.extraPolicyFolders, folder.root, builtinIds);
          for (const error of loaded.errors) this.logOnce(`Custom policies: ${error}`);
          for (const [id, readme] of loaded.readmes) session.customReadmes.set(id, readme);
          extra = loaded.policies;
          if (extra.length) session.connection.console.info(`Loaded ${extra.length} custom polic${extra.length === 1 ? 'y' : 'ies'} for ${folder.name}.`);
        }
      }
      session.folders.configure(folder, settings, extra);
    }
  }

  /** Applies new settings and re-validates everything. */
  reload(): Promise<void> {
    const loading = this.session.queue.run('high', () => this.load()).then(() => this.session.revalidateAll());
    this.session.settingsLoading = loading.catch((error) => this.session.logError('Loading settings failed', error));
    return this.session.settingsLoading.then(() => this.session.refreshCodeLenses());
  }

  setPushed(settings: unknown): void {
    if (settings !== undefined && settings !== null) this.pushed = settings;
  }

  private logOnce(message: string): void {
    if (this.loggedErrors.has(message)) return;
    this.loggedErrors.add(message);
    this.session.connection.console.warn(message);
  }
}

export function registerConfigurationHandlers(session: Session, loader: SettingsLoader, onFoldersChanged: () => void): void {
  session.connection.onDidChangeConfiguration((params) => {
    const settings = (params.settings as Record<string, unknown> | undefined)?.iacAudit;
    loader.setPushed(settings);
    void loader.reload();
  });

  session.connection.onNotification(TRUST_NOTIFICATION, (params: TrustParams) => {
    if (typeof params?.trusted !== 'boolean' || params.trusted === session.trusted) return;
    session.trusted = params.trusted;
    session.connection.console.info(`Workspace trust changed: ${params.trusted ? 'trusted' : 'restricted'}.`);
    void loader.reload();
  });

  if (session.capabilities.workspace?.workspaceFolders) {
    session.connection.workspace.onDidChangeWorkspaceFolders(async (event) => {
      const current = session.folders.workspaceFolders.map((f) => ({ uri: f.uri!, path: f.root!, name: f.name }));
      const removed = new Set(event.removed.map((f) => f.uri));
      const next = current.filter((f) => !removed.has(f.uri));
      for (const added of event.added) next.push({ uri: added.uri, path: session.paths.toPath(added.uri), name: added.name });
      session.folders.setFolders(next);
      await loader.reload();
      onFoldersChanged();
    });
  }
}

export function registerForConfigurationChanges(session: Session): void {
  if (session.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void session.connection.client.register(DidChangeConfigurationNotification.type, { section: 'iacAudit' });
  }
}
