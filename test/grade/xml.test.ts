import { describe, expect, it } from 'vitest';

import { decodeEntities, parseXml, textContent, tokenizeXml, type XmlToken } from '../../src/grade/parsers/xml.js';

/** Tokens without offsets, attributes as plain objects, for readable comparisons. */
function simplify(tokens: XmlToken[]): unknown[] {
  return tokens.map((token) => {
    const { offset: _offset, ...rest } = token;
    return 'attributes' in rest ? { ...rest, attributes: Object.fromEntries(rest.attributes) } : rest;
  });
}

/** Tokenizes and collects warnings. */
function tokenize(text: string): { tokens: unknown[]; warnings: string[] } {
  const warnings: string[] = [];
  const tokens = simplify(tokenizeXml(text, (message) => warnings.push(message)));
  return { tokens, warnings };
}

describe('decodeEntities', () => {
  it.each([
    ['&lt;&gt;&amp;&quot;&apos;', '<>&"\''],
    ['&#65;&#x42;&#X43;', 'ABC'],
    ['&#128512;', '😀'],
    ['&#0;&#xD800;&#x110000;', '\uFFFD\uFFFD\uFFFD'],
    ['a & b &unknown; &amp', 'a & b &unknown; &amp'],
    ['&amp;lt;', '&lt;'],
  ])('%s', (input, expected) => {
    expect(decodeEntities(input)).toBe(expected);
  });
});

describe('tokenizeXml', () => {
  it('reads every kind of markup', () => {
    const text = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><a k='1' v="x &amp; y" flag><!-- c --><![CDATA[<raw> & ]]>t&lt;<b/></a>`;
    expect(tokenize(text)).toEqual({
      tokens: [
        { kind: 'pi', target: 'xml', data: 'version="1.0"' },
        { kind: 'open', name: 'a', attributes: { k: '1', v: 'x & y', flag: '' }, selfClosing: false },
        { kind: 'comment', text: ' c ' },
        { kind: 'cdata', text: '<raw> & ' },
        { kind: 'text', text: 't<' },
        { kind: 'open', name: 'b', attributes: {}, selfClosing: true },
        { kind: 'close', name: 'a' },
      ],
      warnings: [],
    });
  });

  it('normalizes literal line breaks and tabs in attribute values, not character references', () => {
    expect(tokenize('<a m="one\r\ntwo\tthree&#10;four"/>').tokens).toEqual([
      { kind: 'open', name: 'a', attributes: { m: 'one two three\nfour' }, selfClosing: true },
    ]);
  });

  it.each([
    ['stray <', 'a < b', "offset 2: stray '<' read as text"],
    ['unterminated comment', '<a><!-- x', 'offset 3: unterminated comment'],
    ['unterminated CDATA', '<a><![CDATA[ x', 'offset 3: unterminated CDATA section'],
    ['unterminated tag', '<a k="v"', 'offset 0: unterminated tag <a>'],
    ['unterminated attribute value', '<a k="v>', 'offset 5: unterminated attribute value in tag <a>'],
    ['unquoted attribute value', '<a k=v>', 'offset 5: unquoted attribute value in tag <a>'],
    ['duplicate attribute', '<a k="1" k="2"/>', 'duplicate attribute k ignored'],
    ['junk inside a tag', '<a %>', 'offset 3: unexpected "%" in tag <a>'],
    ['bad end tag', '</ >', "offset 0: stray '<' read as text"],
  ])('%s is reported, never thrown', (_name, text, warning) => {
    expect(tokenize(text).warnings).toContain(warning);
  });
});

describe('parseXml', () => {
  it('builds a tree and repairs missing end tags', () => {
    const warnings: string[] = [];
    const document = parseXml('<r><a>x<b>y</a><c/></r>', (message) => warnings.push(message));
    const root = document.children[0];
    expect(root?.type === 'element' && root.name).toBe('r');
    expect(root?.type === 'element' && root.children.map((child) => (child.type === 'element' ? child.name : child.type))).toEqual(['a', 'c']);
    expect(root?.type === 'element' && textContent(root)).toBe('xy');
    expect(warnings).toEqual(['end tag </a> also closes <b>']);
  });
});
