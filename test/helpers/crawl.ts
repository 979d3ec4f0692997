import type { Agent } from './http.ts';

// A bounded crawler for the link test: it follows what a person can click (links and GET forms) from the
// pages it reaches, and reports every link that answers 4xx/5xx together with the page that showed it.

export interface BrokenLink {
  url: string;
  status: number;
  foundOn: string;
}

export interface CrawlResult {
  visited: string[];
  broken: BrokenLink[];
}

export interface CrawlLimits {
  /** pages fetched per crawl, at most */
  maxPages: number;
  /** clicks away from the start page, at most */
  maxDepth: number;
  /** pages of one shape (the same route with other ids, dates or months) fetched, at most */
  maxPerShape: number;
}

export const DEFAULT_LIMITS: CrawlLimits = { maxPages: 160, maxDepth: 6, maxPerShape: 1 };

const LOGIN_PAGE = /\/accedi(\/|$|\?)/;
/** Where a click would not just read a page: leaving the session, the identity provider, pagoPA, logging in again. */
const NOT_FOLLOWED = [/\/esci(\/|$|\?)/, /\/saml\//, /^\/_dev-idp\//, /^\/_pagopa\//, LOGIN_PAGE];

function decodeEntities(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The same-site targets of a page: `<a href>` and the actions of GET forms, as paths with their query. */
export function linksOn(html: string, pageUrl: string, siteOrigin: string): string[] {
  const found: string[] = [];
  const anchors = html.matchAll(/<a\s[^>]*?href="([^"]*)"/g);
  const getForms = [...html.matchAll(/<form\s[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => /method="get"/i.test(tag))
    .map((tag) => /action="([^"]*)"/.exec(tag));
  const targets = [...[...anchors].map((m) => m[1]), ...getForms.filter((m) => m !== null).map((m) => m[1])];
  for (const raw of targets) {
    const href = decodeEntities(raw).trim();
    if (href === '' || href.startsWith('#') || /^(mailto|tel|javascript):/i.test(href)) continue;
    const url = new URL(href, new URL(pageUrl, siteOrigin));
    if (url.origin !== siteOrigin) continue;
    found.push(`${url.pathname}${url.search}`);
  }
  return found;
}

/** The route a URL belongs to: ids, dates, months and numbers replaced, query keys kept with their kind of value. */
export function shapeOf(url: string): string {
  const parsed = new URL(url, 'http://site.invalid');
  const kind = (value: string) =>
    value
      .replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, ':id')
      .replace(/^\d{4}-\d{2}-\d{2}$/, ':date')
      .replace(/^\d{4}-\d{2}$/, ':month')
      .replace(/^\d+$/, ':n');
  const path = parsed.pathname.split('/').map(kind).join('/');
  const query = [...parsed.searchParams]
    .map(([key, value]) => `${key}=${kind(value)}`)
    .sort()
    .join('&');
  return query ? `${path}?${query}` : path;
}

/**
 * Breadth-first from `start`: every link is fetched (so a broken one is found wherever it points), pages are
 * read for more links only inside `scope`. Redirects count as links to their target.
 */
export async function crawl(
  agent: Agent,
  options: { start: string[]; scope: (path: string) => boolean; siteOrigin: string; limits?: CrawlLimits },
): Promise<CrawlResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const queue: { url: string; foundOn: string; depth: number }[] = options.start.map((url) => ({ url, foundOn: '(start)', depth: 0 }));
  const seen = new Set(options.start);
  const perShape = new Map<string, number>();
  const visited: string[] = [];
  const broken: BrokenLink[] = [];

  while (queue.length && visited.length < limits.maxPages) {
    const { url, foundOn, depth } = queue.shift()!;
    const shape = shapeOf(url);
    if ((perShape.get(shape) ?? 0) >= limits.maxPerShape) continue;
    perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
    visited.push(url);
    const response = await agent.get(url).redirects(0).buffer(true);
    if (response.status >= 400) {
      broken.push({ url, status: response.status, foundOn });
      continue;
    }
    const next: string[] = [];
    if (response.status >= 300 && response.headers.location) {
      const target = linksOn(`<a href="${String(response.headers.location)}">`, url, options.siteOrigin);
      // logged in, a link that sends to the login page has lost the session or needs another role
      if (target.some((path) => LOGIN_PAGE.test(path))) {
        broken.push({ url, status: response.status, foundOn });
        continue;
      }
      next.push(...target);
    } else if (String(response.headers['content-type'] ?? '').startsWith('text/html') && options.scope(url) && depth < limits.maxDepth) {
      next.push(...linksOn(response.text, url, options.siteOrigin));
    }
    for (const link of next) {
      if (seen.has(link) || NOT_FOLLOWED.some((pattern) => pattern.test(link))) continue;
      seen.add(link);
      queue.push({ url: link, foundOn: url, depth: depth + 1 });
    }
  }
  return { visited, broken };
}
