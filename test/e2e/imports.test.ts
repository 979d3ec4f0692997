// A clerk brings over 50 families and an opening debt from the previous software, in chromium: dry run,
// import with its progress page, then the parent logs in with SPID and pays the opening debt with pagoPA.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADULT_WITHOUT_CHILDREN, DEMO_PASSWORD } from '../../prisma/seed/identities.ts';
import { BALANCE_COLUMNS } from '../../src/features/admin/imports/balances.ts';
import {
  logInWithPassword,
  logInWithSpid,
  openThroughMenu,
  payDocumentInSimulator,
  screenshot,
  seriousAccessibilityViolations,
  useBrowserApp,
} from '../helpers/browser.ts';
import { csvOf, familiesFile } from '../helpers/import-files.ts';

const app = useBrowserApp({ jobs: true });
const SLUG = 'borgoverde';

async function accessible(page: Page, name: string) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, name);
}

/** Uploads a file, reads the dry run (`onDryRun`), confirms, and waits on the progress page until it is imported. */
async function checkAndImport(page: Page, kind: string, name: string, content: string, onDryRun: () => Promise<void> = async () => {}) {
  await page.goto(`${app.baseUrl}/${SLUG}/admin/importazioni`);
  await page.click(`label[for="kind-${kind}"]`);
  await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  await page.click('[data-qa="import-check"]');
  await page.waitForSelector('[data-qa="confirm-form"]');
  const created = await page.locator('[data-qa="total-created"]').textContent();
  await onDryRun();
  await page.click('[data-qa="confirm-import"]');
  await page.waitForSelector('[data-qa="batch-state"]:has-text("Importato")', { timeout: 60_000 });
  expect(await page.locator('[data-qa="total-created"]').textContent()).toBe(created);
  return Number(created);
}

it('a CSV of 50 families is dry-run and imported, and an opening debt is payable by the parent', async () => {
  const school = await app.ctx.prisma.school.findFirstOrThrow({ where: { tenant: { slug: SLUG } } });
  const { rows, families } = familiesFile(50, school.code, 1);
  // the first family is a person the local identity provider can log in as
  families[0].guardian = ADULT_WITHOUT_CHILDREN.fiscalCode;
  Object.assign(rows[0], {
    cf_intestatario: ADULT_WITHOUT_CHILDREN.fiscalCode,
    nome_intestatario: 'Roberto',
    cognome_intestatario: 'Neri',
  });

  const clerk = await app.browser.newPage();
  await logInWithPassword(clerk, app.baseUrl, SLUG, 'operatore', DEMO_PASSWORD);
  await clerk.waitForURL(new RegExp(`/${SLUG}/admin$`));
  await openThroughMenu(clerk, `/${SLUG}/admin/importazioni`);
  await accessible(clerk, 'admin-imports-index');

  const created = await checkAndImport(clerk, 'FAMILIES', 'famiglie.csv', csvOf(rows), async () => {
    expect(await clerk.locator('[data-qa="outcome-row"]').count()).toBe(50);
    await accessible(clerk, 'admin-imports-dry-run');
  });
  expect(created).toBe(50);
  await accessible(clerk, 'admin-imports-done');
  expect(
    await app.ctx.prisma.guardian.count({ where: { tenant: { slug: SLUG }, fiscalCode: { in: families.map((f) => f.guardian) } } }),
  ).toBe(50);

  const debt = csvOf(
    [
      {
        riferimento: 'E2E-1',
        cf_alunno: families[0].children[0],
        tipo: 'DEBITO',
        importo: '37,40',
        data: '31/08/2026',
        scadenza: '31/12/2026',
      },
    ],
    ';',
    BALANCE_COLUMNS,
  );
  expect(await checkAndImport(clerk, 'OPENING_BALANCES', 'saldi.csv', debt)).toBe(1);

  const parent = await app.browser.newPage();
  await logInWithSpid(parent, app.baseUrl, SLUG, ADULT_WITHOUT_CHILDREN.fiscalCode);
  await payDocumentInSimulator(parent, app.baseUrl, SLUG, 'SALDO-E2E-1');
  const invoice = await app.ctx.prisma.invoice.findFirstOrThrow({ where: { tenant: { slug: SLUG }, importRef: 'E2E-1' } });
  expect(invoice).toMatchObject({ kind: 'OPENING_BALANCE', state: 'PAID', paidCents: 3740 });
});
