# An intentionally insecure AWS stack: every resource here breaks at least one policy.
provider "aws" {
  region = var.region
}

resource "aws_s3_bucket" "logs" {
  bucket = "${var.project}-logs"
  acl    = "public-read"
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Bastion host access"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH from anywhere (debugging)"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "orders"
  password            = var.db_password
  publicly_accessible = true
  skip_final_snapshot = true
}

resource "aws_instance" "web" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = var.instance_type

  root_block_device {
    encrypted = false
  }
}

resource "aws_iam_policy" "admin" {
  name = "everything"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}
