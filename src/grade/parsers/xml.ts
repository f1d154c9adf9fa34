/**
 * A small, forgiving XML tokenizer and tree builder, enough for JUnit reports.
 *
 * Handles elements, attributes (quoted, or unquoted as a leniency), entity and character
 * references (`&lt; &gt; &amp; &quot; &apos; &#NN; &#xNN;`), CDATA sections, comments, processing
 * instructions and a DOCTYPE (skipped). It never throws: malformed markup is reported through the
 * `warn` callback and read as text or dropped. Namespaces and DTD entities are not supported.
 */

/** A token of the XML stream. `offset` is the index of its first character in the input. */
export type XmlToken =
  | { kind: 'open'; name: string; attributes: Map<string, string>; selfClosing: boolean; offset: number }
  | { kind: 'close'; name: string; offset: number }
  | { kind: 'text'; text: string; offset: number }
  | { kind: 'cdata'; text: string; offset: number }
  | { kind: 'comment'; text: string; offset: number }
  | { kind: 'pi'; target: string; data: string; offset: number };

/** An element of the tree built by {@link parseXml}. */
export interface XmlElement {
  type: 'element';
  name: string;
  attributes: Map<string, string>;
  children: XmlNode[];
}

/** A node of the tree: an element, character data (text and CDATA) or a comment. */
export type XmlNode = XmlElement | { type: 'text'; text: string } | { type: 'comment'; text: string };

/** Receives one problem description. */
export type Warn = (message: string) => void;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;

/**
 * Decodes entity and character references. Unknown entities are kept literally (with a warning);
 * character references to invalid code points become U+FFFD.
 */
export function decodeEntities(text: string, warn: Warn = () => {}): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) return fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    warn(`unknown entity ${whole} kept as text`);
    return whole;
  });
}

/** A character for a code point, or U+FFFD when it is not a valid XML character. */
function fromCodePoint(code: number): string {
  const valid =
    code === 0x9 || code === 0xa || code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  return valid ? String.fromCodePoint(code) : '\uFFFD';
}

/** Splits XML text into tokens; never throws. */
export function tokenizeXml(text: string, warn: Warn = () => {}): XmlToken[] {
  const tokens: XmlToken[] = [];
  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? text.length : lt;
    if (textEnd > pos) pushText(tokens, text.slice(pos, textEnd), pos, warn);
    if (lt < 0) break;
    pos = readMarkup(text, lt, tokens, warn);
  }
  return tokens;
}

/** Appends decoded character data, merging with a preceding text token. */
function pushText(tokens: XmlToken[], raw: string, offset: number, warn: Warn): void {
  const decoded = decodeEntities(raw.replace(/\r\n?/g, '\n'), warn);
  const previous = tokens[tokens.length - 1];
  if (previous?.kind === 'text') previous.text += decoded;
  else tokens.push({ kind: 'text', text: decoded, offset });
}

/** Reads the markup starting with `<` at `lt`; returns the position after it. */
function readMarkup(text: string, lt: number, tokens: XmlToken[], warn: Warn): number {
  if (text.startsWith('<!--', lt)) return readDelimited(text, lt, '<!--', '-->', 'comment', tokens, warn);
  if (text.startsWith('<![CDATA[', lt)) return readDelimited(text, lt, '<![CDATA[', ']]>', 'cdata', tokens, warn);
  if (text.startsWith('<?', lt)) return readProcessingInstruction(text, lt, tokens, warn);
  if (text.startsWith('<!', lt)) return skipDeclaration(text, lt, warn);
  if (text.startsWith('</', lt)) return readCloseTag(text, lt, tokens, warn);
  return readOpenTag(text, lt, tokens, warn);
}

/** Reads a comment or CDATA section; an unterminated one runs to the end of the input. */
function readDelimited(
  text: string, lt: number, open: string, close: string, kind: 'comment' | 'cdata', tokens: XmlToken[], warn: Warn,
): number {
  const start = lt + open.length;
  let end = text.indexOf(close, start);
  if (end < 0) {
    warn(`offset ${lt}: unterminated ${kind === 'cdata' ? 'CDATA section' : 'comment'}`);
    end = text.length;
  }
  tokens.push({ kind, text: text.slice(start, end), offset: lt });
  return Math.min(text.length, end + close.length);
}

/** Reads `<?target data?>`. */
function readProcessingInstruction(text: string, lt: number, tokens: XmlToken[], warn: Warn): number {
  let end = text.indexOf('?>', lt + 2);
  if (end < 0) {
    warn(`offset ${lt}: unterminated processing instruction`);
    end = text.length;
  }
  const body = text.slice(lt + 2, end);
  const match = /^(\S*)\s*([\s\S]*)$/.exec(body);
  tokens.push({ kind: 'pi', target: match?.[1] ?? '', data: (match?.[2] ?? '').trim(), offset: lt });
  return Math.min(text.length, end + 2);
}

/** Skips `<!DOCTYPE ...>` (including an internal subset in brackets). */
function skipDeclaration(text: string, lt: number, warn: Warn): number {
  let depth = 0;
  for (let k = lt + 2; k < text.length; k++) {
    const ch = text[k];
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (ch === '>' && depth === 0) return k + 1;
  }
  warn(`offset ${lt}: unterminated declaration`);
  return text.length;
}

/** Reads `</name>`; a malformed one is kept as text. */
function readCloseTag(text: string, lt: number, tokens: XmlToken[], warn: Warn): number {
  const match = /<\/([^\s<>]+)\s*>/y;
  match.lastIndex = lt;
  const found = match.exec(text);
  if (found === null) return literalLessThan(text, lt, tokens, warn);
  tokens.push({ kind: 'close', name: found[1] ?? '', offset: lt });
  return match.lastIndex;
}

/** Keeps a `<` that starts no valid markup as text. */
function literalLessThan(text: string, lt: number, tokens: XmlToken[], warn: Warn): number {
  warn(`offset ${lt}: stray '<' read as text`);
  pushText(tokens, '<', lt, warn);
  return lt + 1;
}

/** Reads `<name attr="value" ...>` or `<name .../>`. */
function readOpenTag(text: string, lt: number, tokens: XmlToken[], warn: Warn): number {
  NAME.lastIndex = lt + 1;
  const name = NAME.exec(text)?.[0];
  if (name === undefined) return literalLessThan(text, lt, tokens, warn);
  const attributes = new Map<string, string>();
  let pos = NAME.lastIndex;
  for (;;) {
    pos = skipSpace(text, pos);
    if (pos >= text.length) {
      warn(`offset ${lt}: unterminated tag <${name}>`);
      return text.length;
    }
    if (text.startsWith('/>', pos) || text[pos] === '>') {
      const selfClosing = text[pos] === '/';
      tokens.push({ kind: 'open', name, attributes, selfClosing, offset: lt });
      return pos + (selfClosing ? 2 : 1);
    }
    pos = readAttribute(text, pos, name, attributes, warn);
  }
}

/** Reads one attribute at `pos` into `attributes`; returns the position after it. */
function readAttribute(text: string, pos: number, tag: string, attributes: Map<string, string>, warn: Warn): number {
  NAME.lastIndex = pos;
  const name = NAME.exec(text)?.[0];
  if (name === undefined) {
    warn(`offset ${pos}: unexpected ${JSON.stringify(text[pos])} in tag <${tag}>`);
    return pos + 1;
  }
  let at = skipSpace(text, NAME.lastIndex);
  if (text[at] !== '=') {
    setAttribute(attributes, name, '', warn);
    return at;
  }
  at = skipSpace(text, at + 1);
  const { raw, end } = readAttributeValue(text, at, tag, warn);
  setAttribute(attributes, name, normalizeAttribute(raw, warn), warn);
  return end;
}

/** Reads a quoted (or, leniently, unquoted) attribute value. */
function readAttributeValue(text: string, at: number, tag: string, warn: Warn): { raw: string; end: number } {
  const quote = text[at];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, at + 1);
    if (close >= 0) return { raw: text.slice(at + 1, close), end: close + 1 };
    warn(`offset ${at}: unterminated attribute value in tag <${tag}>`);
    return { raw: text.slice(at + 1), end: text.length };
  }
  const unquoted = /[^\s>]*/y;
  unquoted.lastIndex = at;
  const raw = unquoted.exec(text)?.[0] ?? '';
  warn(`offset ${at}: unquoted attribute value in tag <${tag}>`);
  return { raw, end: at + raw.length };
}

/** XML attribute-value normalization: literal tabs and line breaks become spaces. */
function normalizeAttribute(raw: string, warn: Warn): string {
  return decodeEntities(raw.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' '), warn);
}

/** Stores an attribute, keeping the first of duplicates. */
function setAttribute(attributes: Map<string, string>, name: string, value: string, warn: Warn): void {
  if (attributes.has(name)) warn(`duplicate attribute ${name} ignored`);
  else attributes.set(name, value);
}

/** Position after any whitespace at `pos`. */
function skipSpace(text: string, pos: number): number {
  SPACE.lastIndex = pos;
  SPACE.exec(text);
  return SPACE.lastIndex;
}

/**
 * Builds an element tree. Returns a synthetic `#document` element whose children are the
 * top-level nodes. Mismatched or missing end tags are repaired and reported.
 */
export function parseXml(text: string, warn: Warn = () => {}): XmlElement {
  const document: XmlElement = { type: 'element', name: '#document', attributes: new Map(), children: [] };
  const stack: XmlElement[] = [document];
  for (const token of tokenizeXml(text, warn)) {
    const top = stack[stack.length - 1] ?? document;
    if (token.kind === 'open') openElement(token, top, stack);
    else if (token.kind === 'close') closeElement(token.name, stack, warn);
    else if (token.kind === 'text' || token.kind === 'cdata') top.children.push({ type: 'text', text: token.text });
    else if (token.kind === 'comment') top.children.push({ type: 'comment', text: token.text });
  }
  if (stack.length > 1) {
    warn(`unclosed element(s) at end of input (truncated XML?): ${nameList(stack.slice(1))}`);
  }
  return document;
}

/** Adds an element under `parent`, entering it unless it is self-closing. */
function openElement(token: Extract<XmlToken, { kind: 'open' }>, parent: XmlElement, stack: XmlElement[]): void {
  const element: XmlElement = { type: 'element', name: token.name, attributes: token.attributes, children: [] };
  parent.children.push(element);
  if (!token.selfClosing) stack.push(element);
}

/** Leaves the innermost open element called `name`, closing any opened inside it. */
function closeElement(name: string, stack: XmlElement[], warn: Warn): void {
  let index = stack.length - 1;
  while (index > 0 && stack[index]?.name !== name) index--;
  if (index === 0) {
    warn(`unexpected end tag </${name}> ignored`);
    return;
  }
  if (index !== stack.length - 1) {
    warn(`end tag </${name}> also closes ${nameList(stack.slice(index + 1))}`);
  }
  stack.length = index;
}

/** `<a>, <b>, ...` for up to five elements, then how many more. */
function nameList(elements: readonly XmlElement[]): string {
  const shown = elements.slice(0, 5).map((element) => `<${element.name}>`).join(', ');
  return elements.length > 5 ? `${shown} and ${elements.length - 5} more` : shown;
}

/** Child elements of `element`, optionally only those called `name`. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => child.type === 'element' && (name === undefined || child.name === name),
  );
}

/** All character data inside `element`, in document order. */
export function textContent(element: XmlElement): string {
  const parts: string[] = [];
  const stack: XmlNode[] = [...element.children].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.type === 'text') parts.push(node.text);
    else if (node.type === 'element') for (let k = node.children.length - 1; k >= 0; k--) stack.push(node.children[k] as XmlNode);
  }
  return parts.join('');
}
