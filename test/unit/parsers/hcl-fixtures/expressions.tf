ref          = var.name
attr_chain   = aws_s3_bucket.b.id
index_num    = var.list[0]
index_str    = var.map["key"]
index_expr   = var.map[each.key]
index_chain  = var.x[0].y["z"][var.i].w
legacy_index = aws_instance.web.0.id
splat_full   = aws_instance.web[*].id
splat_attr   = aws_instance.web.*.id
splat_chain  = var.x[*].y[0].z
splat_index  = var.x.*.y[0]
call         = length(var.list)
call_multi   = coalesce(var.a, var.b, "default")
call_nested  = lower(replace(var.name, "_", "-"))
call_expand  = concat(var.lists...)
call_newline = format(
  "%s-%s",
  var.a,
  var.b,
)
provider_fn  = provider::aws::arn_parse("arn:aws:iam::123456789012:role/x")
call_result  = f(x)[0]
call_attr    = f(x).attr
call_splat   = f(x)[*].id
paren_attr   = (var.x).y
conditional  = var.a ? "yes" : "no"
cond_nested  = var.a ? 1 : var.b ? 2 : 3
cond_multi   = (
  var.a
  ? "x"
  : "y"
)
for_tuple    = [for s in var.list : upper(s)]
for_tuple_if = [for i, s in var.list : "${i}=${s}" if s != ""]
for_object   = { for k, v in var.map : k => v }
for_group    = { for v in var.list : v.key => v.value... }
for_obj_if   = { for k, v in var.map : upper(k) => v if v != null }
for_nl = [
  for x in var.list :
  x
  if x > 0
]
arith        = 1 + 2 * 3 - 4 / 2 % 3
compare      = var.a < 1 || var.b >= 2 && var.c == "x" != false
logic        = !var.a && (var.b || var.c)
paren        = (1 + 2) * 3
unary_mix    = -var.x + -2
comparison_chain = var.a > var.b
neg_number_op = 5 - -3
try_fn       = try(var.obj.attr, null)
template_op  = "${var.a + var.b}"
object_attr  = { a = 1 }.a
tuple_index  = [1, 2][0]
dashes       = var.with-dashes
