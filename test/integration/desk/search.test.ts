import { describe, expect, it } from 'vitest';
import { formatNoticeNumber } from '../../../src/domain/notice-number.ts';
import { aGuardian, aStudent } from '../../helpers/builders.ts';
import { submitForm } from '../../helpers/http.ts';
import { aPayingFamily, anInvoiceNotice } from '../../helpers/payments.ts';
import { download } from '../../helpers/pdf.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { aCashier } from './support.ts';

const ctx = useTestContext({ listen: true });

/** A wrong last digit: the same notice number with its check digits off by one. */
const withWrongCheckDigit = (nav: string) => nav.slice(0, 16) + String((Number(nav.slice(16)) + 1) % 93).padStart(2, '0');

describe('desk search', () => {
  it('finds the family by every key, and a mistyped notice number with a warning', async () => {
    const family = await aPayingFamily(ctx, { invoices: [4500] });
    const notice = await anInvoiceNotice(ctx, family);
    await ctx.prisma.guardian.update({ where: { id: family.guardian.id }, data: { firstName: 'Ottavia', lastName: 'Zanichelli' } });
    const { agent } = await aCashier(ctx, family.tenant);
    const search = (q: string) => agent.get(`/${family.tenant.slug}/sportello`).query({ q });
    const familyUrl = `/${family.tenant.slug}/sportello/famiglie/${family.guardian.id}`;

    for (const q of [
      family.guardian.fiscalCode,
      family.student.fiscalCode!.toLowerCase(),
      family.student.badgeNumber,
      'zanichelli',
      'Ottavia Zanich',
      'ZANICHELLI ottavia',
    ]) {
      const found = await search(q);
      expect(found.status, q).toBe(200);
      expect(found.text, q).toContain(`href="${familyUrl}"`);
      expect(found.text.match(/data-qa="desk-result"/g), q).toHaveLength(1);
    }
    // a notice number (as printed, in groups) or an IUV opens the family with the notice marked
    for (const q of [formatNoticeNumber(notice.noticeNumber), notice.iuv]) {
      const found = await search(q);
      expect(found.status, q).toBe(303);
      expect(found.headers.location).toBe(`${familyUrl}?avviso=${notice.id}`);
    }
    // wrong check digits: still searched, shown with a warning (the number here exists, typed with a bad check digit
    // it is another number: nothing found, but said so, not refused)
    const wrong = await search(withWrongCheckDigit(notice.noticeNumber));
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('data-qa="desk-search-warning"');
    expect(wrong.text).toContain('cifre di controllo');
    const input = await search('%');
    expect(input.status).toBe(422);
    expect(input.text).toContain('data-qa="error-summary"');
  });

  it('a stored notice whose number fails the check digit is found, with the warning', async () => {
    const family = await aPayingFamily(ctx, { invoices: [1200] });
    const notice = await anInvoiceNotice(ctx, family);
    const odd = withWrongCheckDigit(notice.noticeNumber);
    await ctx.prisma.paymentNotice.update({ where: { id: notice.id }, data: { noticeNumber: odd, iuv: odd.slice(1) } });
    const { agent } = await aCashier(ctx, family.tenant);
    const found = await agent.get(`/${family.tenant.slug}/sportello`).query({ q: odd });
    expect(found.status).toBe(200);
    expect(found.text).toContain('data-qa="desk-search-warning"');
    expect(found.text).toContain(`/sportello/famiglie/${family.guardian.id}?avviso=${notice.id}`);
  });

  it("a cashier of Comune A sees nothing of Comune B's", async () => {
    const a = await aPayingFamily(ctx, { invoices: [1000] });
    const b = await aPayingFamily(ctx, { invoices: [2000] });
    const bNotice = await anInvoiceNotice(ctx, b);
    const sibling = await aStudent(ctx.prisma, {
      tenantId: b.tenant.id,
      guardianId: (await aGuardian(ctx.prisma, b.tenant.id)).id,
      schoolId: b.school.id,
    });
    const { agent } = await aCashier(ctx, a.tenant);
    const bCashier = await aCashier(ctx, b.tenant);
    await submitForm(
      bCashier.agent,
      `/${b.tenant.slug}/sportello/famiglie/${b.guardian.id}`,
      `/${b.tenant.slug}/sportello/famiglie/${b.guardian.id}/pagamenti`,
      {
        riga: `i:${b.invoices[0].id}`,
        metodo: 'CASH',
      },
    );
    const bPayment = await ctx.prisma.deskPayment.findFirstOrThrow({ where: { tenantId: b.tenant.id } });
    const slug = a.tenant.slug;

    for (const q of [b.guardian.fiscalCode, sibling.badgeNumber, bNotice.noticeNumber]) {
      const found = await agent.get(`/${slug}/sportello`).query({ q });
      expect(found.status, q).toBe(200);
      expect(found.text, q).not.toContain(b.guardian.id);
    }
    expect((await agent.get(`/${slug}/sportello/famiglie/${b.guardian.id}`)).status).toBe(404);
    expect((await download(agent, `/${slug}/sportello/famiglie/${b.guardian.id}/avvisi/${bNotice.id}/pdf`)).status).toBe(404);
    // A's own family, B's notice: still not found
    expect((await download(agent, `/${slug}/sportello/famiglie/${a.guardian.id}/avvisi/${bNotice.id}/pdf`)).status).toBe(404);
    expect((await download(agent, `/${slug}/sportello/pagamenti/${bPayment.id}/ricevuta`)).status).toBe(404);
    const pay = await submitForm(agent, `/${slug}/sportello`, `/${slug}/sportello/famiglie/${b.guardian.id}/pagamenti`, {
      riga: `i:${b.invoices[0].id}`,
      metodo: 'CASH',
    });
    expect(pay.status).toBe(404);
    const payForeignRow = await submitForm(agent, `/${slug}/sportello`, `/${slug}/sportello/famiglie/${a.guardian.id}/pagamenti`, {
      riga: `i:${b.invoices[0].id}`,
      metodo: 'CASH',
    });
    expect(payForeignRow.status).toBe(404);
    // the other Comune's cashier does not see A's day either
    const day = await bCashier.agent.get(`/${b.tenant.slug}/sportello/giornata`);
    expect(day.text).toContain('data-qa="desk-day-cashier"');
    const aDay = await agent.get(`/${slug}/sportello/giornata`);
    expect(aDay.text).not.toContain('data-qa="desk-day-cashier"');
    // and a parent cannot open the desk
    expect((await a.agent.get(`/${slug}/sportello`)).status).toBe(404);
  });
});
