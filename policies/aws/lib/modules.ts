/**
 * Calls of well-known registry modules (terraform-aws-modules/*). Their code is not in the
 * workspace, so the engine cannot follow them like a local module; a few policies read the
 * call's inputs instead, using the module's documented inputs and defaults.
 */
import type { Resource } from '../../../server/src/engine/core/model';
import { stringAttr } from './common';

/**
 * True when `resource` is a `module` block whose source is the given terraform-aws-modules
 * module, written as a registry address (optionally with a host) or as its GitHub repository.
 * `sub` selects a submodule (`modules/ssh`); by default only the root module matches.
 */
export function isRegistryModule(resource: Resource, name: string, sub?: string): boolean {
  if (resource.kind !== 'module') return false;
  const source = stringAttr(resource.body, 'source');
  if (!source) return false;
  const { base, path } = splitSource(source);
  const registry = new RegExp(`(^|/)terraform-aws-modules/${escape(name)}/aws$`, 'i');
  const github = new RegExp(`github\\.com[/:]terraform-aws-modules/terraform-aws-${escape(name)}(\\.git)?$`, 'i');
  if (!registry.test(base) && !github.test(base)) return false;
  return sub === undefined ? path === '' : path === sub;
}

/** `a/b/aws//modules/x?ref=v1` -> base `a/b/aws`, path `modules/x`. */
function splitSource(source: string): { base: string; path: string } {
  let s = source.replace(/^git::/, '').replace(/\?.*$/, '');
  s = s.replace(/^https?:\/\//, '');
  const at = s.indexOf('//');
  if (at < 0) return { base: s.replace(/\/+$/, ''), path: '' };
  return { base: s.slice(0, at).replace(/\/+$/, ''), path: s.slice(at + 2).replace(/\/+$/, '') };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The major version a module call pins (`version = "3.7.0"`, `"~> 3.0"`, `"= 3.1"`), or undefined
 * when there is no pin or the constraint allows several majors (`>= 3.0`): defaults that changed
 * between majors are then taken from the newest major.
 */
export function pinnedMajor(resource: Resource): number | undefined {
  const version = stringAttr(resource.body, 'version');
  if (!version) return undefined;
  const m = /^\s*(?:=|~>)?\s*v?(\d+)(?:\.\d+)*\s*$/.exec(version);
  return m ? Number(m[1]) : undefined;
}
