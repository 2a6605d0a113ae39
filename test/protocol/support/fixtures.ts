/** Texts shared by several protocol tests (real built-in policies find things in them). */

/** A KMS key without rotation (medium, safe fix) and a security group open to SSH (high, no fix). */
export const KMS_AND_SSH = `resource "aws_kms_key" "app" {
  description = "app key"
}

resource "aws_security_group" "ssh" {
  name = "ssh"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;
