/**
 * The Terraform adapter: `.tf` / `.tf.json` / `.tfvars` files -> one ModelScope per module
 * directory, with values resolved statically where that is certain (see module.ts), and the
 * HCL fix builder. The orchestrator (project.ts) parses files (cached), asks `localModuleDirs`
 * which module directories to load too, then calls `buildTerraformModule`.
 */
import type { ModelScope } from '../contracts';
import { createJsonFixBuilder } from '../structured/index';
import { createHclFixBuilderFactory } from './fixes';
import { parseTerraformFile, terraformFileKind, type TerraformFileKind, type TerraformFileParse } from './files';
import { localSourceDir, TerraformModule } from './module';
import { createReferenceIndex } from './references';

export { parseTerraformFile, terraformFileKind };
export type { TerraformFileKind, TerraformFileParse };

export interface TerraformModuleRequest {
  /** POSIX path of the module directory. */
  dir: string;
  /** Every .tf / .tf.json / .tfvars / .auto.tfvars(.json) file in `dir`. */
  files: TerraformFileParse[];
  /** Parsed files of another directory (local module sources); undefined = not available. */
  filesOf(dir: string): TerraformFileParse[] | undefined;
}

/** Directories of the local modules (`source = "./x"` / `"../x"`) this module calls. */
export function localModuleDirs(dir: string, files: TerraformFileParse[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    if (file.kind !== 'tf' && file.kind !== 'tf.json') continue;
    for (const item of (file.hcl?.body ?? file.json?.body)?.items ?? []) {
      if (item.type !== 'block' || item.blockType !== 'module') continue;
      const child = localSourceDir(dir, item);
      if (child !== undefined && child !== dir && !out.includes(child)) out.push(child);
    }
  }
  return out;
}

export function buildTerraformModule(request: TerraformModuleRequest): ModelScope {
  const module = new TerraformModule({ dir: request.dir, files: request.files, filesOf: request.filesOf });
  const resources = module.entities();
  return { resources, errors: [], referencing: createReferenceIndex(resources) };
}

/** `.tf` / `.tfvars` edits in HCL; `.tf.json` edits through the JSON builder (no HCL companion resources there). */
export const createHclFixBuilder = createHclFixBuilderFactory(createJsonFixBuilder);
