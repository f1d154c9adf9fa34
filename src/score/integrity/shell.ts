/**
 * Just enough shell parsing for the integrity detectors: splits a bash command line into simple
 * commands (argv arrays with quotes removed), following `;`, `&&`, `||`, `|`, `&`, newlines,
 * subshells, command substitutions (`$(…)`, backticks, also inside double quotes) and nested
 * `bash -c '…'` / `sh -c` / `eval`. Leading `VAR=value` assignments and wrappers such as `sudo`,
 * `env`, `timeout 10`, `nohup`, `xargs` are dropped, so `argv[0]` is the program that runs.
 * It is a heuristic reader, not a shell: heredoc bodies come back as commands of their own lines,
 * and the detectors also look at the raw text where code could hide (`python -c`, heredocs).
 */

const MAX_DEPTH = 4;

/** Index of the `)` closing the `(` at `open`, skipping quoted text; the string length if none. */
function closingParen(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      i = end === -1 ? src.length : end;
    } else if (c === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) if (src[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return src.length;
}

function closingBacktick(src: string, open: number): number {
  for (let i = open + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '`') return i;
  }
  return src.length;
}

/** Splits into simple commands (argv arrays); nested scripts (substitutions) come back too. */
function split(src: string, depth: number): string[][] {
  const commands: string[][] = [];
  const nested: string[] = [];
  let argv: string[] = [];
  let token = '';
  let inToken = false;
  const endToken = () => {
    if (inToken) argv.push(token);
    token = '';
    inToken = false;
  };
  const endCommand = () => {
    endToken();
    if (argv.length) commands.push(argv);
    argv = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') endToken();
    else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '{' && !inToken && /\s/.test(src[i + 1] ?? ' ') || c === '}' && !inToken) endCommand();
    else if (c === '#' && !inToken) {
      const end = src.indexOf('\n', i);
      i = (end === -1 ? src.length : end) - 1;
    } else if (c === '\\') {
      if (src[i + 1] === '\n') i++;
      else {
        token += src[i + 1] ?? '';
        inToken = true;
        i++;
      }
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      const stop = end === -1 ? src.length : end;
      token += src.slice(i + 1, stop);
      inToken = true;
      i = stop;
    } else if (c === '"') {
      inToken = true;
      for (i++; i < src.length && src[i] !== '"'; i++) {
        const d = src[i]!;
        if (d === '\\' && i + 1 < src.length) token += src[++i];
        else if (d === '$' && src[i + 1] === '(') {
          const end = closingParen(src, i + 1);
          nested.push(src.slice(i + 2, end));
          token += src.slice(i, end + 1);
          i = end;
        } else if (d === '`') {
          const end = closingBacktick(src, i);
          nested.push(src.slice(i + 1, end));
          i = end;
        } else token += d;
      }
    } else if (c === '$' && src[i + 1] === '(') {
      const end = closingParen(src, i + 1);
      if (src[i + 2] !== '(') nested.push(src.slice(i + 2, end));
      token += src.slice(i, end + 1);
      inToken = true;
      i = end;
    } else if (c === '`') {
      const end = closingBacktick(src, i);
      nested.push(src.slice(i + 1, end));
      i = end;
    } else {
      token += c;
      inToken = true;
    }
  }
  endCommand();
  if (depth < MAX_DEPTH) for (const n of nested) commands.push(...simpleCommands(n, depth + 1));
  return commands;
}

const WRAPPERS = new Set(['sudo', 'env', 'command', 'builtin', 'exec', 'nohup', 'time', 'nice', 'stdbuf', 'setsid', 'xargs', 'then', 'do', 'else', 'if', 'while', 'until', '!']);
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);

/** Drops assignments and wrapper programs (with their options) in front of the real program. */
function unwrap(argv: string[]): string[] {
  let i = 0;
  for (;;) {
    while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!)) i++;
    const head = argv[i];
    if (head === undefined) return [];
    const base = head.split('/').pop()!;
    if (WRAPPERS.has(base)) {
      i++;
      while (i < argv.length && argv[i]!.startsWith('-')) i += /^-(u|n|s|I|d|P|L)$/.test(argv[i]!) ? 2 : 1;
    } else if (base === 'timeout') {
      i++;
      while (i < argv.length && argv[i]!.startsWith('-')) i++;
      i++; // the duration
    } else return [base, ...argv.slice(i + 1)];
  }
}

/**
 * The simple commands of a bash command line, each an argv with `argv[0]` the program's base
 * name. `bash -c 'git log --all'` yields `['git', 'log', '--all']` (besides the `bash` command).
 */
export function simpleCommands(script: string, depth = 0): string[][] {
  const out: string[][] = [];
  for (const raw of split(script, depth)) {
    const argv = unwrap(raw);
    if (!argv.length) continue;
    out.push(argv);
    if (depth >= MAX_DEPTH) continue;
    if (SHELLS.has(argv[0]!)) {
      const c = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
      if (c !== -1 && argv[c + 1] !== undefined) out.push(...simpleCommands(argv[c + 1]!, depth + 1));
    } else if (argv[0] === 'eval' && argv.length > 1) out.push(...simpleCommands(argv.slice(1).join(' '), depth + 1));
  }
  return out;
}

/** Arguments that are not options (`-x`, `--long`, `--key=value`). */
export function operands(argv: readonly string[]): string[] {
  return argv.slice(1).filter((a) => !a.startsWith('-'));
}

/** Programs whose first operand is a search pattern (`git` for `git grep`). */
export const SEARCH_TOOLS: ReadonlySet<string> = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'git']);

/** Index of the pattern operand of grep-like commands (after options and their values), -1 if given by `-e`. */
export function patternPosition(argv: readonly string[]): number {
  if (argv[0] === 'git') return argv[1] === 'grep' ? patternPosition(argv.slice(1)) + 1 : -1;
  if (argv.some((a) => a === '-e' || a === '-f' || a.startsWith('--regexp'))) return -1;
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--') return k + 1;
    if (a.startsWith('-')) {
      if (/^-(?:[ABCmg]|-(?:include|exclude|exclude-dir|glob|type|max-count))$/.test(a)) k++;
      continue;
    }
    return k;
  }
  return -1;
}
