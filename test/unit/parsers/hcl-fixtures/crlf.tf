crlf_attr = "v"
block "x" {
  a = 1
  h = <<-EOT
    line
      more
    EOT
}
