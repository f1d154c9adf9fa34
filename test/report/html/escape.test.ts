import { describe, expect, it } from 'vitest';
import { attemptFileName, attemptHref } from '../../../src/report/html/attempt-file.js';
import { escapeHtml, html, join, raw } from '../../../src/report/html/escape.js';

describe('escapeHtml', () => {
  it.each([
    ['plain text', 'plain text'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`a "quoted" & 'single'`, 'a &quot;quoted&quot; &amp; &#39;single&#39;'],
    ['&lt; already an entity', '&amp;lt; already an entity'],
    ['', ''],
  ])('escapes %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('html', () => {
  it('escapes interpolated text but keeps the literal markup', () => {
    const diff = '</pre><img src=x onerror="alert(1)">';
    expect(html`<pre title="${diff}">${diff}</pre>`.value).toBe(
      '<pre title="&lt;/pre&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">&lt;/pre&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</pre>',
    );
  });

  it('keeps safe markup, joins arrays and drops nullish and false', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}${raw('<br>')}`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0<br>');
  });

  it('escapes nested arrays of text', () => {
    expect(join([['<x>', html`<y>`], '&'], ',').value).toBe('&lt;x&gt;<y>,&amp;');
  });
});

describe('attemptFileName', () => {
  it('keeps an id made of safe characters', () => {
    expect(attemptFileName('inventory-sku-0ea91757')).toBe('inventory-sku-0ea91757.html');
    expect(attemptHref('inventory-sku-0ea91757')).toBe('attempts/inventory-sku-0ea91757.html');
  });

  it('replaces unsafe characters and adds a hash, so similar ids never share a file', () => {
    const names = ['run:a/b', 'run:a:b', 'run_a_b', '../../etc/passwd', 'cmd:"<script>"'].map(attemptFileName);
    expect(new Set(names).size).toBe(5);
    expect(names[0]).toMatch(/^run_a_b-[0-9a-f]{10}\.html$/);
    expect(names[2]).toBe('run_a_b.html');
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*\.html$/);
  });
});
