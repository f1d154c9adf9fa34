/**
 * HTML that is already safe to emit: produced by {@link html} or {@link raw}. Anything else
 * interpolated into {@link html} is treated as text and escaped, so untrusted data (diffs, tool
 * output, rationales an agent influenced) can never become markup.
 */
export class SafeHtml {
  constructor(
    /** The markup. */
    readonly value: string,
  ) {}

  /** The markup, so a SafeHtml can be written out or concatenated into a page. */
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for an HTML text node or a quoted attribute value: `& < > " '` become entities.
 * Safe in both places, so callers never have to choose.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Marks trusted markup (built by this module's own code, never from data) as safe. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A value {@link html} accepts: text (escaped), numbers, safe markup, lists of them; nullish and false render nothing. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template for markup: the literal parts are trusted, every interpolated value is escaped
 * unless it is {@link SafeHtml}; arrays are joined. `html\`<td>${diff}</td>\`` is safe for any diff.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Joins values as {@link html} would render them, e.g. a list of rows. */
export function join(values: readonly HtmlValue[], separator = ''): SafeHtml {
  return new SafeHtml(values.map(render).join(separator));
}
