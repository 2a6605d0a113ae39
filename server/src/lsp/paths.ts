/**
 * Document URIs <-> the engine's POSIX paths. The engine sees absolute POSIX paths
 * (`/home/ada/infra/main.tf`, `c:/infra/main.tf` on Windows); documents that exist only in the
 * editor (untitled, other schemes) get a stable synthetic path under `/.iac-audit-virtual/`,
 * with an extension taken from their language id so the engine knows how to parse them.
 *
 * The exact URI string a client used is remembered, so diagnostics go back under the same key
 * (clients differ in how they encode `:` and spaces).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

const VIRTUAL_ROOT = '/.iac-audit-virtual';

const LANGUAGE_EXTENSIONS: Record<string, string> = {
  terraform: '.tf',
  'terraform-vars': '.tfvars',
  tf: '.tf',
  hcl: '.tf',
  yaml: '.yaml',
  json: '.json',
  jsonc: '.json',
  cloudformation: '.yaml',
  'cloudformation-yaml': '.yaml',
  'cloudformation-json': '.json',
  helm: '.yaml',
};

export class PathMapper {
  private readonly uriByPath = new Map<string, string>();
  private readonly pathByUri = new Map<string, string>();

  /** The engine path of a URI; `languageId` picks an extension for paths that lack one. */
  toPath(uri: string, languageId?: string): string {
    const known = this.pathByUri.get(uri);
    if (known) return known;
    let path: string;
    if (uri.startsWith('file:')) {
      try {
        path = fileURLToPath(uri).replace(/\\/g, '/');
      } catch {
        path = virtualPath(uri, languageId);
      }
    } else path = virtualPath(uri, languageId);
    if (!/\.(tf|tfvars|json|ya?ml|template)$/i.test(path) && languageId && LANGUAGE_EXTENSIONS[languageId]) {
      // A file with an unusual name that the editor says is Terraform/YAML/JSON.
      path += LANGUAGE_EXTENSIONS[languageId];
    }
    this.remember(uri, path);
    return path;
  }

  /** The URI to publish a path under: the one the client used, or a file URI. */
  toUri(path: string): string {
    const known = this.uriByPath.get(path);
    if (known) return known;
    return pathToFileURL(path).href;
  }

  remember(uri: string, path: string): void {
    this.pathByUri.set(uri, path);
    this.uriByPath.set(path, uri);
  }

  forget(uri: string): void {
    const path = this.pathByUri.get(uri);
    this.pathByUri.delete(uri);
    if (path !== undefined && this.uriByPath.get(path) === uri) this.uriByPath.delete(path);
  }
}

function virtualPath(uri: string, languageId?: string): string {
  const safe = uri.replace(/^[a-z][a-z0-9+.-]*:\/*/i, '').replace(/[^A-Za-z0-9._/-]/g, '_');
  const path = `${VIRTUAL_ROOT}/${safe}`;
  return languageId && LANGUAGE_EXTENSIONS[languageId] && !/\.[a-z]+$/i.test(path) ? path + LANGUAGE_EXTENSIONS[languageId] : path;
}

export function isVirtualPath(path: string): boolean {
  return path.startsWith(VIRTUAL_ROOT + '/');
}

/** `dir` contains `path` (both POSIX, absolute). */
export function isUnder(path: string, dir: string): boolean {
  const base = dir.endsWith('/') ? dir : dir + '/';
  return path === dir || path.startsWith(base);
}
