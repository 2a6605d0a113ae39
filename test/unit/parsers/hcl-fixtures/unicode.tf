naïve_name = "café"
日本 = "japanese identifier"
emoji = "🎉 party ${var.x} 🎉"
resource "aws_s3_bucket" "ünïcödé" {
  tags = { "ключ" = "значение", ñ = "ñ" }
}
mixed = "abc\u00e9déf"
