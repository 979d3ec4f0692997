// No link may lead to "Pagina non trovata" or an error page: each demo role of both demo Comuni clicks through
// every page it can reach (bounded), and every same-site link there must answer below 400. Pages are found by
// following links, never listed here, so a menu entry or a button added later is checked as soon as it exists.
import { describe, expect, it } from 'vitest';
import { ADULT_WITHOUT_CHILDREN, DEMO_LOGINS, DEMO_PASSWORD, DEMO_TENANT_SLUGS, type DemoLogin } from '../../prisma/seed/identities.ts';
import { crawl } from '../helpers/crawl.ts';
import { agentFor, loginWithPassword } from '../helpers/http.ts';
import { loginThroughDevIdp, pathOf } from '../helpers/login.ts';
import { useTestContext } from '../helpers/test-app.ts';

const ctx = useTestContext({ demo: true });

/** One login per Comune and role (the first listed), leaving out the adult the portal refuses. */
function crawledLogins(): DemoLogin[] {
  const chosen = new Map<string, DemoLogin>();
  for (const login of DEMO_LOGINS) {
    if (login.login === ADULT_WITHOUT_CHILDREN.fiscalCode) continue;
    const key = `${login.tenantSlug}:${login.role}`;
    if (!chosen.has(key)) chosen.set(key, login);
  }
  return [...chosen.values()];
}

describe('links', () => {
  it('every demo Comune has a login for each role the portal knows', () => {
    const roles = (slug: string) =>
      new Set(
        crawledLogins()
          .filter((l) => l.tenantSlug === slug)
          .map((l) => l.role),
      );
    for (const slug of DEMO_TENANT_SLUGS) {
      for (const role of ['PARENT', 'DELEGATE', 'ADMIN', 'CLERK', 'CASHIER', 'CATERER'] as const) expect(roles(slug), slug).toContain(role);
    }
  });

  it.each(crawledLogins().map((login) => [login.tenantSlug, login.role, login] as const))(
    '%s, %s: every link of every page reached answers below 400',
    async (slug, _role, login) => {
      const agent = agentFor(ctx.app);
      const answer =
        login.kind === 'SPID'
          ? await loginThroughDevIdp(agent, slug, { fiscalCode: login.login })
          : await loginWithPassword(agent, slug, login.login, DEMO_PASSWORD);
      expect(answer.status, `login of ${login.description}`).toBe(302);
      const home = pathOf(String(answer.headers.location));

      const { visited, broken } = await crawl(agent, {
        start: [home, `/${slug}/`],
        scope: (path) => path === '/' || path.startsWith(`/${slug}/`),
        siteOrigin: new URL(ctx.config.baseUrl).origin,
      });

      expect(broken.map((b) => `${b.status} ${b.url} — linked from ${b.foundOn}`)).toEqual([]);
      // a login that reached nothing would pass without checking anything
      expect(visited.length).toBeGreaterThan(5);
    },
    // a family's crawl fetches some PDFs; on a loaded CI machine that takes longer than the default 30 s
    90_000,
  );
});
