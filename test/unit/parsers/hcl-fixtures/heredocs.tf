plain = <<EOT
line one
  indented line
EOT

flush = <<-EOT
    four spaces
      six spaces

    after a blank line
    EOT

flush_tabs = <<-EOT
	tab indented
	  tab and two spaces
	EOT

flush_mixed = <<-EOT
    four
  two
    EOT

flush_interp = <<-EOT
    x = ${var.x}
      y = ${var.y}
    ${var.z} at line start
    EOT

flush_interp_indented = <<-EOT
    x = ${var.x}
      ${var.y} indented interpolation
    EOT

strip_markers = <<-EOT
    %{~ for v in var.list ~}
    item ${v}
    %{~ endfor ~}
    EOT

directives = <<EOT
%{ if var.enabled ~}
enabled
%{ else ~}
disabled
%{ endif ~}
EOT

escapes_are_literal = <<EOT
backslash \n stays, "quotes" too, $${escaped} and %%{escaped}
EOT

empty = <<EOT
EOT

indented_marker = <<EOT
  content
    EOT

json = <<JSON
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Resource": "${aws_s3_bucket.b.arn}/*"}]
}
JSON

in_list = [<<EOT
first
EOT
, "second"]

in_call = jsonencode(<<EOT
x
EOT
)

blank_lines_with_spaces = <<-EOT
    a
      
    b
    EOT
