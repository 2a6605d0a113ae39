/** Generated Terraform for performance measurements (tests and scripts). */

/** A realistic module of about `lines` lines: variables, locals, buckets with companions, security groups. */
export function syntheticModule(lines: number): string {
  const parts: string[] = ['variable "env" {\n  default = "dev"\n}\n', 'locals {\n  prefix = "acme-${var.env}"\n  tags = { Env = var.env, Team = "core" }\n}\n'];
  let count = 6;
  for (let i = 0; count < lines; i++) {
    const chunk = `resource "aws_s3_bucket" "b${i}" {
  bucket = "\${local.prefix}-b${i}"
  tags   = merge(local.tags, { Name = "b${i}" })
}

resource "aws_s3_bucket_server_side_encryption_configuration" "b${i}" {
  bucket = aws_s3_bucket.b${i}.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_security_group" "sg${i}" {
  name = "sg-${i}"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.env == "prod" ? ["10.0.0.0/8"] : ["0.0.0.0/0"]
  }
  dynamic "egress" {
    for_each = var.egress
    content {
      from_port = egress.value
    }
  }
}

`;
    parts.push(chunk);
    count += chunk.split('\n').length - 1;
  }
  return parts.join('');
}
