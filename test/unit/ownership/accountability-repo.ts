/**
 * The repository of the accountability integration tests (CLI and language server): commits by two
 * authors at fixed dates, CODEOWNERS, and an uncommitted edit in the working tree.
 *
 *   infra/main.tf  lines 1-14 Ada (2024-01-10), line 8 changed by Grace (2024-02-01, "open SG for
 *                  debugging"), lines 15-18 uncommitted (a new KMS key)
 *   infra/logs.tf  Ada, with a suppression comment on line 1
 *   app.tf         Grace
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADA, GRACE, TempRepo } from './git-repo';

export const MAIN_V1 = `resource "aws_security_group" "ssh" {
  name = "ssh"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_kms_key" "app" {
  description = "app key"
}
`;
export const MAIN_V2 = MAIN_V1.replace('["10.0.0.0/8"]', '["0.0.0.0/0"]');
export const UNCOMMITTED_TAIL = `
resource "aws_kms_key" "new" {
  description = "new key"
}
`;
export const LOGS_TF = `# iac-audit:ignore IAC-AWS-KMS-001 reason="rotated by the HSM" expires=2099-01-31
resource "aws_kms_key" "logs" {
  description = "logs key"
}
`;
export const ROOT_TF = `resource "aws_kms_key" "root" {
  description = "root key"
}
`;
export const CODEOWNERS = '* @org/everyone\n/infra/ @org/platform @ada\n';

/** The repository every test here (and the language-server test) uses. */
export function accountabilityRepo(): { repo: TempRepo; adaSha: string; graceSha: string } {
  const repo = new TempRepo('iac-audit-accountability-');
  repo.write('.github/CODEOWNERS', CODEOWNERS);
  repo.write('infra/main.tf', MAIN_V1);
  repo.write('infra/logs.tf', LOGS_TF);
  const adaSha = repo.commit(ADA, '2024-01-10T10:00:00+01:00', 'add SSH security group and app key');
  repo.write('infra/main.tf', MAIN_V2);
  repo.write('app.tf', ROOT_TF);
  const graceSha = repo.commit(GRACE, '2024-02-01T09:30:00-05:00', 'open SG for debugging');
  fs.appendFileSync(path.join(repo.dir, 'infra', 'main.tf'), UNCOMMITTED_TAIL);
  return { repo, adaSha, graceSha };
}
