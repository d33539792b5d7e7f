// GitHub-style page/per_page pagination with a Link header (rel next/last/first/prev), which is what
// Octokit's paginate() follows.

export interface Page<T> {
  items: T[];
  total: number;
  headers: Record<string, string>;
}

export interface PageOptions {
  /** Default page size when per_page is absent (GitHub: 30). */
  defaultPerPage?: number;
  /** Largest per_page honoured (GitHub: 100). */
  maxPerPage?: number;
}

function intParam(value: string | null, fallback: number): number {
  const n = value === null ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function paginate<T>(all: readonly T[], url: URL, opts: PageOptions = {}): Page<T> {
  const perPage = Math.min(intParam(url.searchParams.get('per_page'), opts.defaultPerPage ?? 30), opts.maxPerPage ?? 100);
  const page = intParam(url.searchParams.get('page'), 1);
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const link = (p: number, rel: string): string => {
    const u = new URL(url);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  const headers: Record<string, string> = links.length > 0 ? { link: links.join(', ') } : {};
  return { items: all.slice((page - 1) * perPage, page * perPage), total: all.length, headers };
}
