/**
 * Minimal glob matching for file classification (Node 20's path.matchesGlob is experimental).
 * Syntax: `*` (within a segment), `**` (any number of segments), `?`, `{a,b}`, `[abc]`.
 * A pattern without `/` matches the file name in any directory (like .gitignore), so `*.md`
 * means "any Markdown file"; a pattern with `/` is matched against the whole relative path.
 */

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function translate(glob: string): string {
  let out = '';
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        if (atSegmentStart && slashAfter) {
          out += '(?:[^/]*/)*'; // "**/": zero or more whole segments
          i += 3;
          continue;
        }
        out += '.*';
        i += 2;
        continue;
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces += 1;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else out += escapeRegExp(c);
    i += 1;
  }
  return out;
}

export function globToRegExp(glob: string): RegExp {
  const anchored = glob.includes('/') ? translate(glob.replace(/^\.?\//, '')) : `(?:.*/)?${translate(glob)}`;
  return new RegExp(`^${anchored}$`, 'i');
}

/** Compiles a list of globs once; `matches(path)` is true if any glob matches. */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  const res = globs.map(globToRegExp);
  return (path) => {
    const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
    return res.some((re) => re.test(p));
  };
}
