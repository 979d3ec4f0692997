// Every flow of the user guides can be tried in the browser with a demo login: each of these people logs in
// through the local identity provider's list and sees what the guide describes.
import { describe, expect, it } from 'vitest';
import {
  DEMO_IDENTITIES,
  DEMO_PARENT_MANY_DOCUMENTS_BORGOVERDE,
  DEMO_PARENT_NO_EMAIL,
  DEMO_PARENT_NO_EMAIL_BORGOVERDE,
  DEMO_PARENT_SDD_BORGOVERDE,
  type DemoIdentity,
} from '../../prisma/seed/identities.ts';
import { MAX_CART_NOTICES } from '../../src/pagopa/gateway.ts';
import { agentFor } from '../helpers/http.ts';
import { loginAsCitizen } from '../helpers/login.ts';
import { useTestContext } from '../helpers/test-app.ts';
import { visibleText } from './admin-canteen/support.ts';

const ctx = useTestContext({ demo: true });

async function parentOf(slug: string, identity: DemoIdentity) {
  expect(DEMO_IDENTITIES.some((entry) => entry.tenantSlug === slug && entry.identity === identity)).toBe(true);
  const agent = agentFor(ctx.app);
  await loginAsCitizen(agent, slug, identity.fiscalCode);
  return agent;
}

describe('demo logins for every flow of the guides', () => {
  it('a family on direct debit (SDD) whose debit bounced can pay that month spontaneously', async () => {
    const villa = await parentOf('borgoverde', DEMO_PARENT_SDD_BORGOVERDE);
    const page = await villa.get('/borgoverde/pagamenti/spontaneo');
    expect(page.status).toBe(200);
    // exactly the returned debit: September and earlier months were collected by the bank
    expect([...page.text.matchAll(/name="periodi"[^>]*value="([^"]+)"/g)].map((m) => m[1])).toEqual(['2026-10']);
    expect(visibleText(page.text)).toContain('ottobre 2026');
  });

  it.each([
    ['dimostrativo', DEMO_PARENT_NO_EMAIL],
    ['borgoverde', DEMO_PARENT_NO_EMAIL_BORGOVERDE],
  ])('%s: a parent with no e-mail on file sees "Attenzione … Clicca qui"', async (slug, identity) => {
    const parent = await parentOf(slug, identity);
    const home = await parent.get(`/${slug}/home`);
    expect(home.text).toContain('data-qa="required-data-warning"');
    expect(home.text).toContain('data-qa="required-data-click-here"');
  });

  it('a family with more unpaid documents than one cart holds', async () => {
    const ferrara = await parentOf('borgoverde', DEMO_PARENT_MANY_DOCUMENTS_BORGOVERDE);
    const page = await ferrara.get('/borgoverde/pagamenti');
    expect(page.text.match(/data-qa="payable-row"/g)?.length).toBeGreaterThan(MAX_CART_NOTICES);
  });
});
