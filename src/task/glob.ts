/**
 * Minimal glob matching for task paths (protected paths, allowed paths, task ids): `**` spans
 * directories, `*` and `?` stay within one segment, `{a,b}` alternates. Paths use `/`.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/** True when `path` matches any of `globs`; a glob naming a directory (`test/`) covers its contents. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g.endsWith('/') ? `${g}**` : g).test(path) || (!/[*?{]/.test(g) && path.startsWith(`${g.replace(/\/$/, '')}/`)));
}

/** True when the text contains glob characters. */
export function isGlob(text: string): boolean {
  return /[*?{[]/.test(text);
}
