/**
 * Escapes untrusted text (PR titles, branch names, logins, commit messages) for GitHub Markdown:
 * no HTML, no links, no mentions, no table breaks, no code-fence escapes.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (ch) => `\\${ch}`)
    .replace(/@/g, '@\u200b') // no @mentions
    .replace(/&/g, '&amp;')
    .replace(/\r?\n/g, ' ');
}

/** Escapes untrusted text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A Markdown table; every cell is escaped. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}
