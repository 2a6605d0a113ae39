for = "attribute named for"
in  = "attribute named in"
if  = "attribute named if"
literal_traversal = true.y
null_index = var.x[null]
keyword_attr = var.x.true
interp_heredoc = "${<<EOT
inside
EOT
}"
heredoc_in_heredoc = <<OUTER
outer ${join(",", [<<INNER
inner
INNER
])} end
OUTER
dollar_before_interp = "$$${var.x}"
percent_before_directive = "%%%{x} %{if true}y%{endif}"
brace_in_string = "{ not an object }"
tilde_literal = "~ ${var.x} ~"
items_then_blocks {
  a = 1
  child {}
  b = 2
  child { c = 3 }
}
equal_sign_in_label "a=b" {}
numbers_as_keys = { 1 = "one", 2 = "two" }
spaces_around_dots = var . x . y
index_space = var.x [0]
