import * as assert from 'node:assert/strict';
import { blocks, getPath, type MapNode } from '../../../../server/src/engine/core/model';
import type { Snippet, TextEdit } from '../../../../server/src/engine/core/policy';
import { createHclFixBuilder, parseTerraformFile } from '../../../../server/src/engine/formats/terraform/index';
import { detectIndentUnit } from '../../../../server/src/engine/formats/terraform/fixes';
import { renderValue } from '../../../../server/src/engine/formats/terraform/render';
import { build } from './helpers';

function apply(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start.offset) + e.newText + out.slice(e.range.end.offset);
  return out;
}

/** Builds `text` as f/main.tf, runs `edit` with a fix builder over it, returns the edited text (which must re-parse cleanly). */
function fix(text: string, edit: (b: ReturnType<typeof build>, fb: ReturnType<typeof createHclFixBuilder>) => TextEdit[]): string {
  const built = build({ 'f/main.tf': text }, 'f');
  const fb = createHclFixBuilder((file) => built.texts[file]);
  const edits = edit(built, fb);
  assert.ok(edits.length > 0, 'no edits');
  for (const e of edits) assert.equal(e.file, 'f/main.tf');
  const out = apply(text, edits);
  assert.deepEqual(parseTerraformFile('f/main.tf', out).errors, [], `edited text does not parse:\n${out}`);
  return out;
}

const SSE: Snippet[] = [
  { attr: 'bucket_key_enabled', value: true },
  {
    block: 'rule',
    body: [{ block: 'apply_server_side_encryption_by_default', body: [{ attr: 'sse_algorithm', value: 'aws:kms' }] }],
  },
];

describe('terraform adapter: HCL fix builder', () => {
  it('detects the indentation unit of a file', () => {
    assert.equal(detectIndentUnit('a {\n  b = 1\n  c {\n    d = 1\n  }\n}\n'), '  ');
    assert.equal(detectIndentUnit('a {\n    b = 1\n    c {\n        d = 1\n    }\n}\n'), '    ');
    assert.equal(detectIndentUnit('a {\n\tb = 1\n\tc {\n\t\td = 1\n\t}\n}\n'), '\t');
    assert.equal(detectIndentUnit('a {}\n'), '  ');
  });

  it('renders values in HCL', () => {
    assert.equal(renderValue('a"b\\c\n${x} %{y}'), '"a\\"b\\\\c\\n$${x} %%{y}"');
    assert.equal(renderValue(['a', 1, true, null]), '["a", 1, true, null]');
    assert.equal(renderValue({ Env: 'prod', 'cost-center': 1, 'a b': 'x' }), '{ Env = "prod", cost-center = 1, "a b" = "x" }');
    assert.equal(renderValue({}), '{}');
    assert.equal(renderValue({ $raw: 'aws_kms_key.k.arn' }), 'aws_kms_key.k.arn');
  });

  it('adds attributes and nested blocks before the closing brace (2 spaces)', () => {
    const text = `resource "aws_s3_bucket" "b" {
  bucket = "x"
}
`;
    const out = fix(text, (b, fb) => fb.addEntries(b.resource('aws_s3_bucket.b').body, SSE));
    assert.equal(
      out,
      `resource "aws_s3_bucket" "b" {
  bucket = "x"
  bucket_key_enabled = true
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
`,
    );
  });

  it('adds into a nested block with 4-space indentation', () => {
    const text = `module "m" {
    source = "./m"
}

resource "aws_instance" "web" {
    ami = "ami-1"
    metadata_options {
        http_endpoint = "enabled"
    }
}
`;
    const out = fix(text, (b, fb) =>
      fb.addEntries(blocks(b.resource('aws_instance.web').body, 'metadata_options')[0], [{ attr: 'http_tokens', value: 'required' }, { block: 'x', labels: ['l'], body: [{ attr: 'y', value: 1 }] }]),
    );
    assert.equal(
      out,
      `module "m" {
    source = "./m"
}

resource "aws_instance" "web" {
    ami = "ami-1"
    metadata_options {
        http_endpoint = "enabled"
        http_tokens = "required"
        x "l" {
            y = 1
        }
    }
}
`,
    );
  });

  it('uses tabs in a tab-indented file, and expands one-line blocks', () => {
    const text = `resource "aws_ebs_volume" "v" {
\tsize = 10
\ttimeouts {}
}

resource "aws_ebs_volume" "w" {}
`;
    const out = fix(text, (b, fb) => [
      ...fb.addEntries(b.resource('aws_ebs_volume.v').body, [{ attr: 'encrypted', value: true }]),
      ...fb.addEntries(blocks(b.resource('aws_ebs_volume.v').body, 'timeouts')[0], [{ attr: 'create', value: '5m' }]),
      ...fb.addEntries(b.resource('aws_ebs_volume.w').body, [{ attr: 'encrypted', value: true }, { block: 'tags_block', body: [] }]),
    ]);
    assert.equal(
      out,
      `resource "aws_ebs_volume" "v" {
\tsize = 10
\ttimeouts {
\t\tcreate = "5m"
\t}
\tencrypted = true
}

resource "aws_ebs_volume" "w" {
\tencrypted = true
\ttags_block {}
}
`,
    );
  });

  it('expands a one-line block with content and a brace sharing the last line', () => {
    const text = `resource "a" "one" { x = 1 }

resource "a" "two" {
  x = 1 }
`;
    const out = fix(text, (b, fb) => [
      ...fb.addEntries(b.resource('a.one').body, [{ attr: 'y', value: 2 }]),
      ...fb.addEntries(b.resource('a.two').body, [{ attr: 'y', value: 2 }]),
    ]);
    assert.equal(
      out,
      `resource "a" "one" {
  x = 1
  y = 2
}

resource "a" "two" {
  x = 1
  y = 2
}
`,
    );
  });

  it('adds entries to object expressions, multi-line and one-line', () => {
    const text = `resource "a" "b" {
  tags = {
    Env = "prod"
  }
  labels = { a = "1" }
  empty = {}
}
`;
    const out = fix(text, (b, fb) => {
      const body = b.resource('a.b').body;
      return [
        ...fb.addEntries(getPath(body, 'tags') as MapNode, [{ attr: 'Owner', value: 'me' }]),
        ...fb.addEntries(getPath(body, 'labels') as MapNode, [{ attr: 'b', value: '2' }]),
        ...fb.addEntries(getPath(body, 'empty') as MapNode, [{ attr: 'c', value: 3 }]),
      ];
    });
    assert.equal(
      out,
      `resource "a" "b" {
  tags = {
    Env = "prod"
    Owner = "me"
  }
  labels = { a = "1", b = "2" }
  empty = {
    c = 3
  }
}
`,
    );
  });

  it('replaces values, and removes entries with their line', () => {
    const text = `resource "aws_db_instance" "db" {
  publicly_accessible = true # too open
  storage_encrypted   = false
  ports               = [22]
  tags                = { a = "1", b = "2" }
}
`;
    const out = fix(text, (b, fb) => {
      const body = b.resource('aws_db_instance.db').body;
      return [
        ...fb.removeEntry(body.entries.get('publicly_accessible')!),
        ...fb.setValue(body.entries.get('storage_encrypted')!, true),
        ...fb.setValue(getPath(body, 'ports', 0)!, 443),
        ...fb.removeEntry(getPath(body, 'tags', 'a')!),
      ];
    });
    assert.equal(
      out,
      `resource "aws_db_instance" "db" {
  storage_encrypted   = true
  ports               = [443]
  tags                = { b = "2" }
}
`,
    );
  });

  it('removes a nested block', () => {
    const text = `resource "aws_security_group" "sg" {
  ingress {
    from_port = 22
  }
  egress {
    from_port = 0
  }
}`;
    const out = fix(text, (b, fb) => fb.removeEntry(blocks(b.resource('aws_security_group.sg').body, 'ingress')[0]));
    assert.equal(
      out,
      `resource "aws_security_group" "sg" {
  egress {
    from_port = 0
  }
}`,
    );
  });

  it('inserts a companion resource after a resource, in the file indentation', () => {
    const text = `resource "aws_s3_bucket" "b" {
    bucket = "x"
}
# after
`;
    const companion = `resource "aws_s3_bucket_public_access_block" "b" {
  bucket = aws_s3_bucket.b.id
  block_public_acls = true
}
`;
    const out = fix(text, (b, fb) => fb.insertAfterResource(b.resource('aws_s3_bucket.b'), companion));
    assert.equal(
      out,
      `resource "aws_s3_bucket" "b" {
    bucket = "x"
}

resource "aws_s3_bucket_public_access_block" "b" {
    bucket = aws_s3_bucket.b.id
    block_public_acls = true
}
# after
`,
    );
  });

  it('keeps CRLF line endings', () => {
    const text = 'resource "a" "b" {\r\n  x = 1\r\n}\r\n';
    const out = fix(text, (b, fb) => fb.addEntries(b.resource('a.b').body, [{ attr: 'y', value: 'z' }]));
    assert.equal(out, 'resource "a" "b" {\r\n  x = 1\r\n  y = "z"\r\n}\r\n');
  });

  it('writes nothing it cannot place safely: unclosed blocks, blocks as values', () => {
    const text = `resource "a" "b" {\n  x = 1\n`;
    const built = build({ 'f/main.tf': text }, 'f');
    const fb = createHclFixBuilder((file) => built.texts[file]);
    assert.deepEqual(fb.addEntries(built.resource('a.b').body, [{ attr: 'y', value: 1 }]), []);
    assert.deepEqual(fb.setValue(built.resource('a.b').body, 1), []);
    assert.deepEqual(createHclFixBuilder(() => undefined).addEntries(built.resource('a.b').body, [{ attr: 'y', value: 1 }]), []);
  });
});

describe('terraform adapter: fixes in .tf.json files', () => {
  it('delegates to the JSON builder, and offers no HCL companion resource there', () => {
    const text = `{
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "bucket": "x",
        "acl": "public-read"
      }
    }
  }
}
`;
    const built = build({ 'f/main.tf.json': text }, 'f');
    const fb = createHclFixBuilder((file) => built.texts[file]);
    const bucket = built.resource('aws_s3_bucket.b');
    const edits = [...fb.addEntries(bucket.body, [{ attr: 'force_destroy', value: false }]), ...fb.setValue(bucket.body.entries.get('acl')!, 'private')];
    const out = apply(text, edits);
    assert.equal(
      out,
      `{
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "bucket": "x",
        "acl": "private",
        "force_destroy": false
      }
    }
  }
}
`,
    );
    assert.deepEqual(parseTerraformFile('f/main.tf.json', out).errors, []);
    assert.deepEqual(fb.insertAfterResource(bucket, 'resource "a" "b" {}'), []);
  });
});
