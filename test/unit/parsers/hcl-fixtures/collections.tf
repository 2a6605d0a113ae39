empty_list   = []
empty_object = {}
list         = [1, "two", true, null, var.x]
trailing     = [1, 2,]
multiline = [
  "a",
  "b",
]
nested = [[1, 2], [3, [4]], { a = [5] }]
object = {
  bare      = 1
  "quoted"  = 2
  (var.key) = 3
  colon: 4
  "colon_quoted": 5
  comma = 6, same_line = 7
  trailing_comma = 8,
  nested = {
    deep = { deeper = "x" }
  }
  list = [1, 2]
  ref = var.x
  "${var.k}" = 9
  a.b = 10
  a[0] = 11
  a["k"] = 12
  a[var.k] = 13
  null = 14
  true = 15
  1.50 = 16
  -1 = 17
  f(x) = 18
}
one_line = { a = 1, b = "two", c = [3] }
mixed    = { a = 1
  b = 2 }
tags = merge(var.tags, {
  Name = "x"
})
list_of_objects = [
  { name = "a", port = 80 },
  {
    name = "b"
    port = 443
  },
]
