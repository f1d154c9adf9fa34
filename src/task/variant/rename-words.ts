import { builtinModules, createRequire } from 'node:module';

/**
 * Synonyms for words identifiers are made of. A renamed identifier reads as naturally as the
 * original, so the variant tests memorization of names, not the ability to read odd code.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  add: 'append', apply: 'perform', assert: 'ensure', build: 'assemble', calc: 'compute', calculate: 'compute', cancel: 'abort',
  check: 'verify', clean: 'scrub', clear: 'reset', client: 'connector', clock: 'timer', compute: 'derive', config: 'settings',
  convert: 'transform', count: 'tally', coupon: 'voucher', create: 'make', data: 'payload', date: 'day', delete: 'erase',
  dedupe: 'unique', entry: 'record', error: 'fault', event: 'signal', export: 'emit', fetch: 'retrieve', find: 'locate',
  format: 'render', get: 'obtain', handle: 'process', helper: 'util', inventory: 'stockroom', is: 'looks', item: 'article',
  list: 'enumerate', load: 'read', make: 'build', manual: 'fixed', map: 'table', merge: 'combine', normalize: 'canonicalize',
  normalise: 'canonicalise', order: 'purchase', parse: 'decode', price: 'cost', priority: 'urgency', qty: 'amount',
  quantity: 'amount', read: 'load', remove: 'drop', render: 'format', repository: 'store', request: 'call', reserve: 'hold',
  restock: 'replenish', retry: 'reattempt', reverse: 'invert', save: 'persist', service: 'manager', set: 'assign', sku: 'code',
  split: 'divide', stock: 'supply', strip: 'trim', sum: 'total', task: 'job', text: 'content', timeout: 'deadline', to: 'into',
  total: 'sum', transaction: 'transfer', update: 'modify', valid: 'sound', validate: 'check', value: 'amount', week: 'sennight',
  write: 'store', leap: 'intercalary', year: 'annum', interpolate: 'substitute', comment: 'remark', comments: 'remarks',
  catalog: 'directory', catalogue: 'directory', money: 'cash', cents: 'pennies', ledger: 'book', log: 'journal', iso: 'std',
};

const FALLBACK_PREFIXES = ['core', 'base', 'main', 'prime'];

/** Splits `parseConfigFile` / `parse_config_file` / `ConfigFile` into words. */
export function splitWords(name: string): string[] {
  return name.split('_').flatMap((part) => part.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)).filter(Boolean);
}

function capitalize(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

function like(template: string, word: string): string {
  if (template === template.toUpperCase() && template !== template.toLowerCase()) return word.toUpperCase();
  if (template[0] === template[0]!.toUpperCase() && template[0] !== template[0]!.toLowerCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

/**
 * A new name for an identifier, with its casing style kept (camelCase, PascalCase, snake_case,
 * UPPER_CASE): every word with a synonym is replaced; when none has one, a word drawn from the
 * seed is put in front.
 */
export function synonymName(name: string, rng: () => number): string {
  const snake = name.includes('_');
  const words = splitWords(name);
  let changed = false;
  const out = words.map((w) => {
    const syn = SYNONYMS[w.toLowerCase()];
    if (!syn) return w;
    changed = true;
    return like(w, syn);
  });
  if (!changed) {
    const prefix = FALLBACK_PREFIXES[Math.floor(rng() * FALLBACK_PREFIXES.length)]!;
    if (snake) return `${like(words[0]!, prefix)}_${name}`;
    return /^[A-Z]/.test(name) ? capitalize(prefix) + name : prefix + capitalize(name);
  }
  if (snake) return out.join('_');
  return out.map((w, i) => (i === 0 ? w : capitalize(w))).join('');
}

const PYTHON_NAMES = `abs all any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr dict dir divmod
enumerate eval exec filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len
list locals map max memoryview min next object oct open ord pow print property range repr reversed round set setattr slice sorted
staticmethod str sum super tuple type vars zip append extend insert remove pop clear index count sort reverse copy keys values items
get update setdefault popitem fromkeys split rsplit join strip lstrip rstrip lower upper title replace startswith endswith find rfind
encode decode partition splitlines isdigit isalpha isspace zfill ljust rjust center casefold match search sub fullmatch findall
compile group groups path exists self cls main test setUp tearDown assertEqual assertTrue assertFalse assertRaises fixture mark
date time datetime timedelta today weekday isoformat isocalendar strftime strptime`.split(/\s+/);

const JS_WORDS = `break case catch class const continue debugger default delete else enum export extends false finally for function if
import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface
package private protected public await async type readonly declare namespace module require exports undefined NaN Infinity
describe test it before after beforeEach afterEach assert expect mock`.split(/\s+/);

/**
 * Names a rename must never touch: language keywords, JS/Node globals and the properties of the
 * standard prototypes, Python builtins and common methods, and every export of the Node built-in
 * modules `imports` names (a repo's own `request` must not be confused with `http.request`).
 */
export function reservedNames(imports: readonly string[]): Set<string> {
  const names = new Set<string>([...PYTHON_NAMES, ...JS_WORDS]);
  const holders: unknown[] = [globalThis, Object, String, Array, Number, Promise, Date, JSON, Math, Reflect, console, process, Buffer];
  for (const ctor of [Object, String, Array, Map, Set, Promise, Number, Date, RegExp, Function, Error, Buffer, WeakMap, Uint8Array]) holders.push(ctor.prototype);
  for (const h of holders) for (const n of Object.getOwnPropertyNames(h)) names.add(n);
  for (const spec of new Set(imports)) {
    const bare = spec.replace(/^node:/, '');
    if (!builtinModules.includes(bare)) continue;
    let mod: Record<string, unknown> = {};
    try {
      mod = createRequire(import.meta.url)(`node:${bare}`) as Record<string, unknown>;
    } catch {
      // A module this Node cannot load (e.g. a newer built-in) reserves nothing.
    }
    for (const n of Object.keys(mod)) names.add(n);
    const def = mod.default;
    if (def && (typeof def === 'object' || typeof def === 'function')) for (const n of Object.getOwnPropertyNames(def)) names.add(n);
  }
  return names;
}
