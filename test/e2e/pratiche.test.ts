// A clerk opens the enrollment window; a parent, in chromium, fills an enrollment for a new child over several
// steps, suspends it, resumes it from "Le mie pratiche" and submits it; the clerk takes it in review and accepts it;
// the parent sees "Accolta" and the child in the Scheda anagrafica. axe-core checks every page of the flow.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PARENT, DEMO_PASSWORD } from '../../prisma/seed/identities.ts';
import { buildFiscalCode } from '../../src/domain/fiscal-code.ts';
import {
  logInWithPassword,
  logInWithSpid,
  openThroughMenu,
  screenshot,
  seriousAccessibilityViolations,
  useBrowserApp,
} from '../helpers/browser.ts';

const app = useBrowserApp();
const SLUG = 'dimostrativo';
const CHILD_CODE = buildFiscalCode({ lastName: 'Rossi', firstName: 'Leo', birthDate: '2020-03-10', sex: 'M', cadastralCode: 'F205' });

let clerk: Page;
let parent: Page;
let protocol: string;

async function accessible(page: Page, name: string) {
  expect(await seriousAccessibilityViolations(page), name).toEqual([]);
  await screenshot(page, `pratiche-${name}`);
}

const next = (page: Page) => page.click('[data-qa="next"]');

it('a clerk opens Iscrizione mensa for the school year', async () => {
  clerk = await app.browser.newPage();
  await logInWithPassword(clerk, app.baseUrl, SLUG, 'operatore', DEMO_PASSWORD);
  await clerk.waitForURL(new RegExp(`/${SLUG}/admin$`));
  clerk.setDefaultTimeout(15_000);
  await openThroughMenu(clerk, `/${SLUG}/admin/pratiche`);
  await clerk.click('[data-qa="windows-link"]');
  await clerk.selectOption('#type', 'ENROLLMENT');
  await clerk.fill('#schoolYear', '2026/2027');
  await clerk.fill('#opensOn', '01/11/2026');
  await clerk.fill('#closesOn', '30/11/2026');
  await accessible(clerk, 'admin-windows');
  await clerk.click('[data-qa="open-window"]');
  await clerk.waitForSelector('[data-qa="window-row"]');
}, 120_000);

it('a parent fills an enrollment over several steps and suspends it', async () => {
  parent = await app.browser.newPage();
  parent.setDefaultTimeout(15_000);
  await logInWithSpid(parent, app.baseUrl, SLUG, DEMO_PARENT.fiscalCode);
  await openThroughMenu(parent, `/${SLUG}/pratiche`);
  await accessible(parent, 'service-list');
  await parent.click('text=Iscrizione al servizio mensa');
  await accessible(parent, 'service-page');
  await parent.click('label[for="alunno-nuovo"]');
  await parent.click('[data-qa="start"]');
  await parent.waitForURL(/\/privacy$/);
  await accessible(parent, 'privacy');
  await parent.click('label[for="consenso"]');
  await next(parent);

  await parent.waitForURL(/\/passo\/alunno$/);
  await parent.fill('#fiscalCode', CHILD_CODE);
  await parent.fill('#firstName', 'Leo');
  await parent.fill('#lastName', 'Rossi');
  await parent.fill('#birthDate', '10/03/2020');
  await parent.fill('#birthPlace', 'Milano');
  await parent.fill('#birthProvince', 'MI');
  await parent.click('label[for="sex-M"]');
  await accessible(parent, 'step-child');
  await next(parent);

  await parent.waitForURL(/\/passo\/scuola$/);
  await parent.selectOption('#schoolId', { index: 1 });
  await accessible(parent, 'step-school');
  await parent.click('[data-qa="suspend"]');
  await parent.waitForURL(/\/pratiche\/mie$/);
  await expect(parent.locator('[data-qa="application-state"]').first().textContent()).resolves.toContain('Bozza');
  await accessible(parent, 'mine-draft');
}, 120_000);

it('resumes the draft where it stopped, completes and submits it', async () => {
  await parent.click('[data-qa="resume"]');
  await parent.waitForURL(/\/passo\/scuola$/);
  expect(await parent.inputValue('#schoolId')).not.toBe('');
  await parent.click('label[for="mealWeekdays-1"]');
  await parent.click('label[for="mealWeekdays-4"]');
  await next(parent);
  await parent.waitForURL(/\/passo\/dieta$/);
  await parent.click('label[for="dietRequested-NO"]');
  await accessible(parent, 'step-diet');
  await next(parent);
  await parent.waitForURL(/\/passo\/isee$/);
  await next(parent);
  await parent.waitForURL(/\/passo\/pagamento$/);
  await parent.click('label[for="paymentMethod-PAGOPA"]');
  await next(parent);
  await parent.waitForURL(/\/passo\/dichiarazioni$/);
  await parent.click('label[for="declareTruth"]');
  await parent.click('label[for="declareTariffs"]');
  await next(parent);
  await parent.waitForURL(/\/riepilogo$/);
  await expect(parent.locator('[data-qa="summary-alunno"]').textContent()).resolves.toContain(CHILD_CODE);
  await accessible(parent, 'summary');
  await parent.click('[data-qa="submit"]');
  await parent.waitForSelector('[data-qa="protocol-number"]');
  protocol = (await parent.locator('[data-qa="protocol-number"]').textContent())!.trim();
  expect(protocol).toBe('2026/000001');
  await expect(parent.locator('[data-qa="pratica-state"]').textContent()).resolves.toContain('Inviata');
  await accessible(parent, 'receipt');
}, 120_000);

it('the clerk takes it in review and accepts it', async () => {
  await clerk.goto(`${app.baseUrl}/${SLUG}/admin/pratiche`);
  await accessible(clerk, 'admin-queue');
  await clerk.click(`text=${protocol}`);
  await clerk.click('[data-qa="take-in-review"]');
  await clerk.waitForSelector('[data-qa="decision-form"]');
  await accessible(clerk, 'admin-detail');
  await clerk.click('label[for="esito-ACCEPTED"]');
  await clerk.click('[data-qa="decide"]');
  await clerk.waitForSelector('[data-qa="pratica-state"]:has-text("Accolta")');
}, 120_000);

it('the parent sees "Accolta" and the child in the Scheda anagrafica', async () => {
  await parent.goto(`${app.baseUrl}/${SLUG}/pratiche/mie`);
  await expect(parent.locator('[data-qa="application-state"]').first().textContent()).resolves.toContain('Accolta');
  await accessible(parent, 'mine-accepted');
  await openThroughMenu(parent, `/${SLUG}/anagrafica`);
  await parent.click('[data-qa="child-switcher"] >> text=Leo Rossi');
  await parent.waitForURL(/alunno=/);
  const card = await parent.locator('main').textContent();
  expect(card).toContain(CHILD_CODE);
  await accessible(parent, 'registry-new-child');
}, 120_000);
