/**
 * The Drift view's server side: each workspace folder's Terraform code (the root module in the
 * directory of `iacAudit.drift.stateFile`, with the local modules it calls) against that state or
 * plan JSON. The file is read through the server's file host; nothing is executed, so this works in
 * Restricted Mode too.
 */
import { posixPath } from '../engine/core/host';
import { compareDrift, parseTerraformStateText } from '../engine/drift/index';
import { toLspRange } from './diagnostics';
import type { FolderContext } from './folders';
import type { DriftFolderReport } from './protocol';
import type { Session } from './session';

export async function driftReports(session: Session): Promise<DriftFolderReport[]> {
  await session.settingsLoading;
  const reports: DriftFolderReport[] = [];
  for (const folder of session.folders.workspaceFolders) reports.push(await folderDrift(session, folder));
  return reports;
}

async function folderDrift(session: Session, folder: FolderContext): Promise<DriftFolderReport> {
  const stateFile = folder.settings.drift.stateFile;
  const base = { folderUri: folder.uri, folder: folder.name, stateFile, entries: [] };
  if (!stateFile) return { ...base, status: 'off', message: 'No state file configured: set iacAudit.drift.stateFile (e.g. terraform.tfstate or plan.json).' };
  const file = stateFile.startsWith('/') ? posixPath.normalize(stateFile) : posixPath.join(folder.root ?? '.', stateFile);
  const text = await session.host.readFile(file);
  if (text === undefined) return { ...base, status: 'error', message: `Cannot read ${stateFile}: no such file.` };
  const result = parseTerraformStateText(text);
  if (result.error !== undefined) return { ...base, status: 'error', message: `Cannot read ${stateFile}: ${result.error}.` };
  const code = await folder.project.terraformModuleResources(posixPath.dirname(file));
  const entries = compareDrift(code, result.state);
  return {
    ...base,
    status: 'ok',
    source: result.state.source,
    message: entries.length ? `${entries.length} drift entr${entries.length === 1 ? 'y' : 'ies'} against ${stateFile}.` : `No drift against ${stateFile}.`,
    entries: entries.map((e) => ({
      kind: e.kind,
      address: e.address,
      type: e.type,
      ...(e.file && e.range ? { uri: session.paths.toUri(e.file), path: e.file, range: toLspRange(e.range) } : {}),
      ...(e.attribute ? { attribute: e.attribute } : {}),
      ...('codeValue' in e ? { codeValue: e.codeValue } : {}),
      ...('stateValue' in e ? { stateValue: e.stateValue } : {}),
      ...('previousValue' in e ? { previousValue: e.previousValue } : {}),
      ...(e.actions ? { actions: e.actions } : {}),
      message: e.message,
    })),
  };
}
