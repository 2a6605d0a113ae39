# Hash comment at the top
// Slash comment
/* Block comment */
/*
  Multi-line block comment with "quotes" and { braces }
*/
resource "a" /* between labels */ "b" { # after brace
  # comment line inside
  x = 1 # trailing hash
  y = 2 // trailing slashes
  z = /* before value */ 3
  list = [
    1, # after item
    // own line
    2, /* block */
  ]
  obj = {
    a = 1 # after object item
    # own line in object
    b = 2
  }
  call = max(
    1, # arg comment
    2
  )
  str = "# not a comment // neither /* nor this */"
}
locals {
  a = 1
  #comment without space
  b = 2 #comment at end
} # after closing brace
