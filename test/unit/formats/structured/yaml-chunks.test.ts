import { strict as assert } from 'node:assert';
import { analyzeYamlFile } from '../../../../server/src/engine/formats/structured';
import { documentChunks, readYaml, YamlStreamCache } from '../../../../server/src/engine/formats/structured/yaml-reader';
import { fixture } from './helpers';

/** Streams where a document ends in an unusual place (markers inside scalars, flows, after `...`). */
const TRICKY = [
  '',
  '# only a comment\n',
  'a: 1\n---\nb: 2\n',
  '# c\n---\nb: 2\n',
  'a: |\n  text\n---\nb: 1\n',
  'a: |\n  text\n  ---\n  more\n---\nb: 1\n',
  "a: 'foo\n---\nbar'\n",
  'a: "x\n--- \ny"\n',
  'a: [1,\n---\nb: 2\n',
  'a: {x: 1,\n...\nb: 2\n',
  'a: 1\n...\n# c\n---\nb: 2\n',
  'a: 1\n...\nb: 2\n',
  '...\na: 1\n',
  '---\n---\n',
  '--- a\n--- b\n',
  '--- |\n  block\n--- >\n  folded\n',
  'a:\n  - x\n---\n  b: 1\n',
  'key: >\n  folded\n...\nnext: 1\n',
  '---\n# only\n---\nb: 2\n',
  '\ufeffa: 1\n---\nb: 2\n',
  'a: 1\r\n---\r\nb: 2\r\n...\r\nc: 3\r\n',
  'a: 1\n---x\nb: 2\n----\nc: 3\n',
  'x: &a {k: v}\n---\ny: *a\n',
  'x: &a {k: v}\ny: *a\n---\nz: &a [1]\nw: *a\n',
  'a: 1\n---\n\tbad: tab\n---\nc: !Ref X\n',
  'a: 1\na: 2\n---\nb: [1, 2\n---\nc: 3\n',
  '%YAML 1.2\n---\na: 1\n',
  'a: 1\n---\n%TAG ! tag:x,2000:\n---\nb: 2\n',
  // Found by fuzzing: an error before a document's content is counted to the document before it,
  // an unclosed quote with no closing quote later swallows `---` lines, an open flow gets an
  // error at the next `---`, and text after `...` runs into the next line.
  't\n---\n]',
  '|\n--- ]',
  '? """\n---\n',
  ':\n""t: "\n---\n---\n',
  '[}{\n---\n',
  '{: s{]\n--- ',
  '... t\n0',
  'a: 1\n... # done\nb: 2\n',
  'a: |+\n  keep\n\n---\nb: 1\n',
];

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('structured: YAML streams read document by document', () => {
  it('cuts before --- lines and after ... lines at column 0, and not at all with directives', () => {
    assert.deepEqual(documentChunks('a: 1\n---\nb: 2\n'), [0, 5]);
    assert.deepEqual(documentChunks('a: 1\n...\nb: 2\n---\nc: 3'), [0, 9, 14]);
    assert.deepEqual(documentChunks('---\na: 1\n'), [0]);
    assert.deepEqual(documentChunks('a: 1\n---'), [0], 'not at the end of the text');
    assert.deepEqual(documentChunks('a: 1\n... x\nb: 2\n'), [0], 'not after `...` with text after it');
    assert.deepEqual(documentChunks('a: 1\n  ---\n---x\n'), [0]);
    assert.equal(documentChunks('%YAML 1.2\n---\na: 1\n'), undefined);
  });

  it('gives exactly what a whole-stream read gives, for every tricky stream', () => {
    for (const text of TRICKY) {
      const cache = new YamlStreamCache();
      assert.deepEqual(readYaml(text, { cache }), readYaml(text), JSON.stringify(text));
      // A second read comes from the cache and is still the same.
      assert.deepEqual(readYaml(text, { cache }), readYaml(text), JSON.stringify(text));
    }
  });

  it('stays exact through random edits of a multi-document manifest (reusing unchanged documents)', function () {
    this.timeout(60_000);
    const next = random(7);
    const pieces = ['---\n', '--- x\n', '...\n', '... x\n', '|\n', '|+\n', "'", '"', '[', ']', '{', '}', ': ', '- ', '\n', '  ', 'x', '# c\n', '&a ', '*a', '!Ref ', '\t', '%'];
    let text = fixture('k8s-multi.yaml') + '---\n' + fixture('k8s-multi.yaml');
    const cache = new YamlStreamCache();
    for (let step = 0; step < 300; step++) {
      const at = Math.floor(next() * (text.length + 1));
      if (next() < 0.4 && text.length > 0) {
        const end = Math.min(text.length, at + 1 + Math.floor(next() * 6));
        text = text.slice(0, at) + text.slice(end);
      } else {
        text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + text.slice(at);
      }
      assert.deepEqual(readYaml(text, { cache }), readYaml(text), `step ${step}: ${JSON.stringify(text)}`);
    }
  });

  it('reuses the parsed documents before an edit and moves the ones after it', () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v${i}\n`;
    const text = [0, 1, 2].map(doc).join('---\n');
    const cache = new YamlStreamCache();
    const first = readYaml(text, { cache });
    const edited = text.replace('k: v1', 'k: v1x');
    const second = readYaml(edited, { cache });
    assert.equal(second[0], first[0], 'the document before the edit is the same object');
    assert.deepEqual(second, readYaml(edited));
    assert.equal(second[2].value!.start, first[2].value!.start + 1);
  });

  it('analyses the same model with or without the cache', () => {
    const text = fixture('k8s-multi.yaml');
    const cache = new YamlStreamCache();
    analyzeYamlFile('a.yaml', text.replace('name', 'nome'), { yamlCache: cache });
    const { format, resources, errors } = analyzeYamlFile('a.yaml', text, { yamlCache: cache });
    const fresh = analyzeYamlFile('a.yaml', text);
    assert.ok(resources.length > 1);
    assert.deepEqual({ format, resources, errors }, { format: fresh.format, resources: fresh.resources, errors: fresh.errors });
  });
});
