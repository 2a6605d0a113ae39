no_trailing_newline = <<EOT
x
EOT
last = "value" # comment at EOF without newline