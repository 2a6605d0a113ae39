# Blocks with zero to three labels, quoted or bare, nested and one-line.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
  backend "s3" {
    bucket = "state"
    key    = "prod/terraform.tfstate"
  }
}

provider "aws" {
  region = "eu-west-1"
  default_tags { tags = { Owner = "platform" } }
}

provider aws {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

resource aws_s3_bucket data {
  bucket = "data"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs-duplicate-label"
}

data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    effect = "Deny"
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

locals { a = 1 }
locals {
  b = 2
}
empty {}
empty_labeled "x" {
}
three "a" b "c" {
  deep {
    deeper {
      deepest = true
    }
  }
}
dynamic_host "x" {
  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port = rule.value.from
    }
  }
}
labels_with_escapes "a\"b" "tab\there" "\u00e9" "$${literal}" {}
tags = { from = "attribute wins over the block of the same name" }
tags {
  from = "block"
}
