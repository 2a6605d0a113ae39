/** Unit tests for the language server's pure helpers (no connection, no process). */
import { strict as assert } from 'node:assert';
import { LineIndex } from '../../../server/src/engine/core/range';
import type { Fix, TextEdit } from '../../../server/src/engine/core/policy';
import { applyEdits, compatibleFixes, minimalEdit } from '../../../server/src/lsp/fixes';
import { expiryText } from '../../../server/src/lsp/hover-content';
import { normalizeSettings, DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';
import { suppressionComment, suppressionEdit } from '../../../server/src/lsp/suppress-edit';
import { PathMapper } from '../../../server/src/lsp/paths';
import { TextDocument } from 'vscode-languageserver-textdocument';

function edit(text: string, start: number, end: number, newText: string): TextEdit {
  const index = new LineIndex(text);
  return { file: 'f', range: index.range(start, end), newText };
}

describe('lsp: fixes', () => {
  it('applies non-overlapping edits in offset order, insertions at one point in order', () => {
    const text = 'abcdef';
    assert.equal(applyEdits(text, [edit(text, 4, 6, 'XY'), edit(text, 0, 1, 'A'), edit(text, 3, 3, '1'), edit(text, 3, 3, '2')]), 'Abc12dXY');
  });

  it('keeps only fixes whose edits do not overlap an earlier chosen fix', () => {
    const text = 'abcdefgh';
    const fix = (...edits: TextEdit[]): Fix => ({ description: 'x', safe: true, edits });
    const a = fix(edit(text, 0, 3, 'A'));
    const b = fix(edit(text, 2, 4, 'B')); // overlaps a
    const c = fix(edit(text, 3, 3, 'C')); // insertion at a's end: fine
    const d = fix(edit(text, 5, 5, 'D'), edit(text, 1, 1, 'd')); // insertion inside a: rejected
    assert.deepEqual(compatibleFixes([a, b, c, d]), [a, c]);
  });

  it('turns two texts into one minimal edit that reproduces the second', () => {
    for (const [before, after] of [
      ['key: 1\nother: 2\n', 'key: 1\n  added: true\nother: 2\n'],
      ['a\r\nb\r\n', 'a\r\nx\r\nb\r\n'],
      ['emoji 😀 here', 'emoji 😃 here'],
      ['same', 'same'],
      ['', 'new'],
    ]) {
      const e = minimalEdit(before, after);
      const result = e ? TextDocument.applyEdits(TextDocument.create('u', 'x', 1, before), [e]) : before;
      assert.equal(result, after);
    }
    assert.deepEqual(minimalEdit('key: 1\n', 'key: 2\n'), { range: { start: { line: 0, character: 5 }, end: { line: 0, character: 6 } }, newText: '2' });
  });
});

describe('lsp: settings', () => {
  it('defaults, and tolerates wrong types', () => {
    assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
    const s = normalizeSettings({ debounceMs: -5, run: 'sometimes', severityThreshold: 'huge', exclude: 'x', maxFileSize: '1' });
    assert.deepEqual(s, DEFAULT_SETTINGS);
  });

  it('reads per-policy settings in every accepted shape, and dotted keys', () => {
    const s = normalizeSettings({
      policies: { A: false, B: 'low', C: { enabled: true, severity: 'critical' }, D: 'off', E: 42 },
      'codeLens.enabled': false,
      severityMapping: { info: 'off', high: 'loud' },
    });
    assert.deepEqual(s.policies, { A: { enabled: false }, B: { severity: 'low' }, C: { enabled: true, severity: 'critical' }, D: { enabled: false } });
    assert.equal(s.codeLens.enabled, false);
    assert.equal(s.severityMapping.info, 'off');
    assert.equal(s.severityMapping.high, 'error');
  });

  it('suppressions.expiryWarningDays: whole days from 0 up, default 14', () => {
    const days = (raw: unknown) => normalizeSettings(raw).suppressions.expiryWarningDays;
    assert.equal(days({}), 14);
    assert.equal(days({ suppressions: { expiryWarningDays: 0 } }), 0);
    assert.equal(days({ 'suppressions.expiryWarningDays': 30 }), 30);
    assert.equal(days({ suppressions: { expiryWarningDays: 7.9 } }), 7);
    for (const bad of [-1, '7', null, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(days({ suppressions: { expiryWarningDays: bad } }), 14, String(bad));
  });
});

describe('lsp: suppression comments', () => {
  it('escapes quotes and drops line breaks in the reason; expiry only when valid', () => {
    assert.equal(suppressionComment('ID-1', ' a "quoted"\nreason \\ ', '2027-01-31'), '# iac-audit:ignore ID-1 reason="a \\"quoted\\" reason \\\\" expires=2027-01-31');
    assert.equal(suppressionComment('ID-1', 'r', 'soon'), '# iac-audit:ignore ID-1 reason="r"');
  });

  it('inserts above the fallback line with its indentation and the file\'s line ending', () => {
    const text = 'a:\r\n  b: 1\r\n';
    const e = suppressionEdit('f.yaml', text, undefined, 1, 'ID-1', 'why');
    assert.equal(applyEdits(text, [e]), 'a:\r\n  # iac-audit:ignore ID-1 reason="why"\r\n  b: 1\r\n');
  });
});

describe('lsp: hover texts and paths', () => {
  it('describes expiry relative to today', () => {
    assert.equal(expiryText(null, '2026-01-10'), 'never');
    assert.equal(expiryText('2026-01-11', '2026-01-10'), '2026-01-11 (in 1 day)');
    assert.equal(expiryText('2026-01-10', '2026-01-10'), '2026-01-10 (today)');
    assert.equal(expiryText('2026-01-01', '2026-01-10'), '2026-01-01 (**expired** 9 days ago)');
    assert.equal(expiryText('2026-13-45', '2026-01-10'), '2026-13-45 (not a valid YYYY-MM-DD date)');
  });

  it('maps URIs to engine paths and back, keeping the client\'s spelling', () => {
    const paths = new PathMapper();
    assert.equal(paths.toPath('file:///work/a%20b/main.tf'), '/work/a b/main.tf');
    assert.equal(paths.toUri('/work/a b/main.tf'), 'file:///work/a%20b/main.tf');
    assert.equal(paths.toPath('untitled:Untitled-1', 'terraform'), '/.iac-audit-virtual/Untitled-1.tf');
    assert.equal(paths.toUri('/.iac-audit-virtual/Untitled-1.tf'), 'untitled:Untitled-1');
    assert.equal(paths.toPath('file:///work/Jenkinsfile', 'yaml'), '/work/Jenkinsfile.yaml');
  });
});
