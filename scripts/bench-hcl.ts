/**
 * HCL parse speed: our parser vs `@cdktf/hcl2json` (warm), on a generated 5,000-line file and on
 * every `.tf` file of a directory.
 *
 *   npx tsx scripts/bench-hcl.ts [dir] [--runs N]
 *
 * dir defaults to ../shared/corpus when it exists. Both parsers are warmed up first; each
 * measurement is the best of N runs (wall clock and CPU time: on a busy machine the CPU time is
 * the steadier figure). Our time is parse only (`parseHcl`, positions included); hcl2json's is
 * its `parse()`, which also serialises and re-parses its JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHcl } from '../server/src/engine/parsers/hcl/parser';
import { findTfFiles, loadHcl2Json } from './hcl-differential';

/** A deterministic Terraform file of at least `lines` lines, in the style of real modules. */
export function generateTerraform(lines: number): string {
  const out: string[] = ['# Generated for the HCL parser benchmark.', ''];
  for (let i = 0; out.length < lines; i++) {
    switch (i % 5) {
      case 0:
        out.push(
          `variable "name_${i}" {`,
          `  description = "Name prefix number ${i} for \${var.environment} resources"`,
          '  type        = string',
          `  default     = "svc-${i}"`,
          '  validation {',
          `    condition     = can(regex("^[a-z0-9-]+$", var.name_${i})) && length(var.name_${i}) <= 32`,
          '    error_message = "Lowercase letters, digits and dashes only."',
          '  }',
          '}',
          '',
        );
        break;
      case 1:
        out.push(
          `resource "aws_s3_bucket" "bucket_${i}" {`,
          `  bucket        = "\${var.name_${i - 1}}-\${data.aws_caller_identity.current.account_id}-logs"`,
          '  force_destroy = false',
          '  tags = merge(local.common_tags, {',
          `    Name        = "bucket-${i}"`,
          '    Environment = var.environment',
          `    Index       = ${i}`,
          '  })',
          '',
          '  lifecycle {',
          '    prevent_destroy = true',
          '    ignore_changes  = [tags["LastModified"], tags_all]',
          '  }',
          '}',
          '',
          `resource "aws_s3_bucket_server_side_encryption_configuration" "bucket_${i}" {`,
          `  bucket = aws_s3_bucket.bucket_${i}.id`,
          '  rule {',
          '    apply_server_side_encryption_by_default {',
          '      sse_algorithm     = "aws:kms"',
          '      kms_master_key_id = aws_kms_key.main[0].arn # customer managed key',
          '    }',
          '  }',
          '}',
          '',
        );
        break;
      case 2:
        out.push(
          `resource "aws_security_group" "sg_${i}" {`,
          `  name_prefix = "sg-${i}-"`,
          '  vpc_id      = module.vpc.vpc_id',
          '',
          '  dynamic "ingress" {',
          '    for_each = { for idx, rule in var.ingress_rules : idx => rule if rule.enabled }',
          '    content {',
          '      from_port   = ingress.value.from_port',
          '      to_port     = ingress.value.to_port',
          '      protocol    = "tcp"',
          '      cidr_blocks = ingress.value.public ? ["0.0.0.0/0"] : [module.vpc.vpc_cidr_block]',
          '    }',
          '  }',
          '',
          '  egress {',
          '    from_port   = 0',
          '    to_port     = 0',
          '    protocol    = "-1"',
          '    cidr_blocks = ["0.0.0.0/0"]',
          '  }',
          '}',
          '',
        );
        break;
      case 3:
        out.push(
          `data "aws_iam_policy_document" "doc_${i}" {`,
          '  statement {',
          `    sid       = "Statement${i}"`,
          '    effect    = "Allow"',
          '    actions   = ["s3:GetObject", "s3:ListBucket", "s3:PutObject"]',
          `    resources = [aws_s3_bucket.bucket_${i - 2}.arn, "\${aws_s3_bucket.bucket_${i - 2}.arn}/*"]`,
          '    condition {',
          '      test     = "StringEquals"',
          '      variable = "aws:PrincipalOrgID"',
          '      values   = [var.org_id]',
          '    }',
          '  }',
          '}',
          '',
          `resource "aws_iam_role" "role_${i}" {`,
          `  name               = "role-${i}"`,
          '  assume_role_policy = <<-EOT',
          '    {',
          '      "Version": "2012-10-17",',
          '      "Statement": [{',
          '        "Effect": "Allow",',
          '        "Principal": { "Service": "ec2.amazonaws.com" },',
          '        "Action": "sts:AssumeRole"',
          '      }]',
          '    }',
          '  EOT',
          '}',
          '',
        );
        break;
      default:
        out.push(
          'locals {',
          `  subnets_${i} = [for s in module.vpc.private_subnets : s if s != null]`,
          `  by_az_${i}   = { for s in data.aws_subnet.all : s.availability_zone => s.id... }`,
          `  count_${i}   = length(var.instances) * 2 + (var.extra ? 1 : 0)`,
          `  name_${i}    = lower(replace("\${var.project}-\${var.environment}-${i}", "_", "-"))`,
          `  ids_${i}     = aws_instance.web[*].id`,
          `  user_data_${i} = templatefile("\${path.module}/init.sh.tpl", { index = ${i}, peers = local.subnets_${i} })`,
          '}',
          '',
        );
    }
  }
  return out.join('\n');
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function best(samples: Timing[]): Timing {
  return { wallMs: Math.min(...samples.map((s) => s.wallMs)), cpuMs: Math.min(...samples.map((s) => s.cpuMs)) };
}

async function time(fn: () => unknown): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

function row(label: string, bytes: number, t: Timing): string {
  const mbs = (ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(1);
  return `  ${label.padEnd(10)} ${t.wallMs.toFixed(1).padStart(9)} ms  ${mbs(t.wallMs).padStart(7)} MB/s   (cpu ${t.cpuMs.toFixed(1)} ms, ${mbs(t.cpuMs)} MB/s)`;
}

async function compare(title: string, texts: { name: string; text: string }[], runs: number, refRuns: number, hcl2json: (n: string, t: string) => Promise<unknown>): Promise<void> {
  const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t.text), 0);
  const lines = texts.reduce((sum, t) => sum + t.text.split('\n').length, 0);
  // Warm-up: a few passes so both are measured with optimised code.
  for (let i = 0; i < 3; i++) for (const t of texts) parseHcl(t.name, t.text);
  for (const t of texts.slice(0, 50)) await hcl2json(t.name, t.text);
  const ours: Timing[] = [];
  for (let r = 0; r < runs; r++) {
    ours.push(
      await time(() => {
        for (const t of texts) parseHcl(t.name, t.text);
      }),
    );
  }
  const theirs: Timing[] = [];
  for (let r = 0; r < refRuns; r++) {
    theirs.push(
      await time(async () => {
        for (const t of texts) {
          try {
            await hcl2json(t.name, t.text);
          } catch {
            // a file it rejects still cost its parse time
          }
        }
      }),
    );
  }
  const o = best(ours);
  const h = best(theirs);
  console.log(`${title}: ${texts.length} file(s), ${lines} lines, ${(bytes / 1e6).toFixed(2)} MB (best of ${runs} / ${refRuns} runs)`);
  console.log(row('ours', bytes, o));
  console.log(row('hcl2json', bytes, h));
  console.log(`  ratio      ours is ${(h.wallMs / o.wallMs).toFixed(1)}x faster (cpu ${(h.cpuMs / o.cpuMs).toFixed(1)}x)`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsIdx = args.indexOf('--runs');
  const runs = runsIdx >= 0 ? Math.max(1, Number(args[runsIdx + 1])) : 10;
  const dirArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
  const defaultCorpus = resolve(__dirname, '../../shared/corpus');
  const dir = dirArg ? resolve(dirArg) : existsSync(defaultCorpus) ? defaultCorpus : undefined;

  const t0 = performance.now();
  const hcl2json = loadHcl2Json();
  await hcl2json('warmup.tf', 'a = 1\n');
  console.log(`hcl2json start-up: ${(performance.now() - t0).toFixed(0)} ms`);

  const big = generateTerraform(5000);
  const first = await time(() => parseHcl('generated.tf', big));
  console.log(`ours, first (cold) parse of the generated file: ${first.wallMs.toFixed(1)} ms`);
  await compare('Generated file', [{ name: 'generated.tf', text: big }], runs * 3, runs, hcl2json);

  if (!dir) {
    console.log('No corpus directory (pass one, or put ../shared/corpus next to the repo): corpus comparison skipped.');
    return;
  }
  const texts = findTfFiles(dir).map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  await compare(`Corpus ${dir}`, texts, runs, Math.max(1, Math.min(2, runs)), hcl2json);
}

if (require.main === module) {
  main()
    .catch((error) => console.error(error))
    .finally(() => process.exit(0));
}
