// Every parent page of both demo Comuni, on a phone (390×844) and a desktop (1280×800), in Italian and in English:
// nothing wider than the screen, no console error or CSP violation, the header's menu reaches every section, and
// axe-core finds no serious or critical problem. Screenshots go to test-results/screenshots/ (ignored by git).
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PARENT, DEMO_PARENT_BORGOVERDE } from '../../prisma/seed/identities.ts';
import { logInWithSpid, openThroughMenu, screenshot, seriousAccessibilityViolations, useBrowserApp } from '../helpers/browser.ts';
import { PARENT_PAGES, type ParentPage } from '../helpers/parent-pages.ts';

const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
const COMUNI = [
  { slug: 'dimostrativo', prepaid: true, parent: DEMO_PARENT.fiscalCode },
  { slug: 'borgoverde', prepaid: false, parent: DEMO_PARENT_BORGOVERDE.fiscalCode },
] as const;
/** Buttons, links styled as buttons and menu entries a finger must hit on a phone (WCAG 2.5.5: 44 px). */
const TOUCH_TARGETS =
  'main .btn, main button, main input[type="checkbox"] + label, [data-qa="main-nav"] .nav-link, [data-qa="main-nav"] .list-item';

const app = useBrowserApp();

/** Console errors and CSP violations of the page since the last call. */
function watchErrors(context: BrowserContext): { take(): string[] } {
  let errors: string[] = [];
  context.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  context.on('weberror', (error) => errors.push(`page error: ${error.error().message}`));
  return {
    take() {
      const seen = errors;
      errors = [];
      return seen;
    },
  };
}

async function checkPage(page: Page, errors: { take(): string[] }, label: string, lang: string): Promise<string[]> {
  await page.waitForLoadState('load');
  const problems: string[] = [];
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  if (widths.scroll > widths.inner) problems.push(`${label}: page ${widths.scroll}px wide in a ${widths.inner}px window`);
  const htmlLang = await page.getAttribute('html', 'lang');
  if (htmlLang !== lang) problems.push(`${label}: <html lang="${htmlLang}">`);
  for (const violation of await seriousAccessibilityViolations(page))
    problems.push(`${label}: axe ${violation.id} (${violation.help}) at ${violation.targets.slice(0, 3).join(', ')}`);
  if (page.viewportSize()!.width < 500) {
    const small = await page.$$eval(TOUCH_TARGETS, (elements) =>
      elements
        .map((element) => ({ element, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && box.height > 0 && box.height < 44)
        .map(
          ({ element, box }) =>
            `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.height)}px`,
        ),
    );
    for (const target of small.slice(0, 5)) problems.push(`${label}: touch target under 44px: ${target}`);
  }
  // a page's own errors, and those of what it loaded after it (fonts, scripts)
  for (const error of errors.take()) problems.push(`${label}: ${error}`);
  return problems;
}

async function walk(lang: 'it' | 'en', size: keyof typeof SIZES): Promise<string[]> {
  const context = await app.browser.newContext({ viewport: SIZES[size], acceptDownloads: false });
  // CSP violations reach the console too; this names them unmistakably
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(
        `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      ),
    ),
  );
  const errors = watchErrors(context);
  const page = await context.newPage();
  const problems: string[] = [];
  try {
    for (const comune of COMUNI) {
      const base = `${app.baseUrl}/${comune.slug}`;
      const pages = PARENT_PAGES.filter((p: ParentPage) => !p.prepaidOnly || comune.prepaid);
      const visit = async (p: ParentPage) => {
        const label = `${lang} ${size} ${comune.slug}/${p.name}`;
        if (p.inMenu && !p.public) await openThroughMenu(page, `/${comune.slug}/${p.path}`);
        else await page.goto(`${base}/${p.path}`);
        if (p.firstLink) {
          await page.locator(p.firstLink).first().click();
          await page.waitForLoadState('load');
        }
        problems.push(...(await checkPage(page, errors, label, lang)));
        if (p.screenshot) await screenshot(page, `parent-${lang}-${size}-${comune.slug}-${p.name}`);
      };
      await page.goto(`${base}/`);
      if (lang === 'en' && (await page.getAttribute('html', 'lang')) !== 'en') {
        await page.click('[data-qa="language-en"]');
        await page.waitForLoadState('load');
      }
      for (const p of pages.filter((p) => p.public)) await visit(p);
      await logInWithSpid(page, app.baseUrl, comune.slug, comune.parent);
      for (const p of pages.filter((p) => !p.public)) await visit(p);
    }
  } finally {
    await context.close();
  }
  return problems;
}

for (const lang of ['it', 'en'] as const) {
  for (const size of Object.keys(SIZES) as (keyof typeof SIZES)[]) {
    it(`every parent page works ${size === 'phone' ? 'on a phone' : 'on a desktop'} in ${lang === 'it' ? 'Italian' : 'English'}`, async () => {
      const problems = await walk(lang, size);
      expect(problems).toEqual([]);
    }, 600_000);
  }
}
