import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/audit.ts';
import { closeDueDays } from '../../../src/features/canteen/day-close.ts';
import { confirmRun } from '../../../src/features/billing/run.ts';
import { runBillingRun } from '../../../src/features/billing/worker.ts';
import { createNews } from '../../../src/features/admin/news/service.ts';
import { CHANNELS, NOTIFICATION_KINDS, optOutKey } from '../../../src/domain/notifications.ts';
import { pdfText } from '../../helpers/pdf.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { ioCommand, ioMessagesOf, sendWaiting } from './helpers.ts';

const ctx = useTestContext({ demo: true, listen: true });
const IO_KEY = 'io-subscription-key-borgoverde-0001';

async function borgoverde() {
  const tenant = await ctx.prisma.tenant.update({ where: { slug: 'borgoverde' }, data: { ioApiKey: IO_KEY } });
  const canteen = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, code: 'REFEZIONE' } });
  return { tenant, canteen };
}

const guardiansWithEmail = (tenantId: string) =>
  ctx.prisma.guardian.findMany({ where: { tenantId, email: { not: null } }, orderBy: { lastName: 'asc' } });

describe('the invoices of a billing run', () => {
  it('reach each intestatario by e-mail with the avviso attached and on IO with its payment data, never a delegate', async () => {
    const { tenant, canteen } = await borgoverde();
    ctx.setNow('2026-12-01T07:30:00Z');
    await closeDueDays(ctx.prisma, tenant, ctx.clock.now());
    const deps = { ...ctx.deps, logger: pino({ level: 'silent' }) };
    const run = await confirmRun(deps, tenant, { serviceId: canteen.id, period: '2026-11' }, SYSTEM_ACTOR);
    // nothing leaves while the run is under way: its rows wait in the outbox
    expect(await ctx.prisma.notification.count({ where: { tenantId: tenant.id } })).toBe(0);
    await runBillingRun(deps, run.id);
    expect(ctx.sentJobs.filter((j) => j.name === 'notifications-dispatch').at(-1)?.data).toEqual({ tenantId: tenant.id });

    const outcomes = await sendWaiting(ctx);
    const invoices = await ctx.prisma.invoice.findMany({
      where: { billingRunId: run.id },
      include: { guardian: true, noticeItems: { include: { notice: true } } },
    });
    expect(outcomes.length).toBe(invoices.length);
    expect(outcomes.every((o) => o === 'SENT')).toBe(true);

    const invoice = invoices.find((i) => i.guardian.email && i.noticeItems.length)!;
    const notice = invoice.noticeItems[0].notice;
    const [mail] = ctx.mail.to(invoice.guardian.email!);
    expect(mail.parsed.subject).toContain(`documento n. ${invoice.number}`);
    expect(mail.parsed.text).toContain(`Gentile ${invoice.guardian.firstName} ${invoice.guardian.lastName}`);
    expect(mail.parsed.text).toContain(notice.noticeNumber);
    expect(mail.parsed.text).toContain(tenant.officeEmail);
    expect(mail.parsed.text).toContain(`${ctx.baseUrl}/borgoverde/pagamenti`);
    const [pdf] = mail.parsed.attachments;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdfText(pdf.content).replace(/\s+/g, '')).toContain(notice.noticeNumber);

    const [io] = await ioMessagesOf(ctx, invoice.guardian.fiscalCode);
    expect(io.content.payment_data).toEqual({
      amount: notice.amountCents,
      notice_number: notice.noticeNumber,
      invalid_after_due_date: false,
      payee: { fiscal_code: tenant.fiscalCode },
    });
    expect(io.content.markdown).toContain(invoice.number);

    // the family with a delegate: the delegate's fiscal code received nothing, on any channel
    const delegates = await ctx.prisma.delegate.findMany({ where: { tenantId: tenant.id } });
    expect(delegates.length).toBeGreaterThan(0);
    for (const delegate of delegates) expect(await ioMessagesOf(ctx, delegate.fiscalCode)).toEqual([]);
    const guardianAddresses = new Set(invoices.map((i) => i.guardian.email?.toLowerCase()));
    expect(ctx.mail.messages.every((m) => m.envelopeTo.every((to) => guardianAddresses.has(to)))).toBe(true);

    // each attempt recorded: channel, recipient, template, outcome, provider id
    const attempts = await ctx.prisma.notificationAttempt.findMany({
      where: { tenantId: tenant.id, notification: { guardianId: invoice.guardianId } },
      orderBy: { channel: 'asc' },
    });
    expect(attempts.map((a) => [a.channel, a.recipient, a.template, a.outcome])).toEqual([
      ['EMAIL', invoice.guardian.email, 'INVOICE_ISSUED.it', 'SENT'],
      ['IO', invoice.guardian.fiscalCode, 'INVOICE_ISSUED.it', 'SENT'],
    ]);
    expect(attempts.map((a) => a.providerId)).toEqual([mail.parsed.messageId, io.id]);

    // a second dispatch and send changes nothing
    expect(await sendWaiting(ctx)).toEqual([]);
  });
});

describe('parents’ choices and IO’s profile', () => {
  it('an opted-out parent gets only essential messages; sender_allowed:false falls back to e-mail; English when chosen', async () => {
    const { tenant } = await borgoverde();
    const [optedOut, blocked, english] = await guardiansWithEmail(tenant.id);
    await ctx.prisma.notificationProfile.create({
      data: {
        tenantId: tenant.id,
        guardianId: optedOut.id,
        optOuts: NOTIFICATION_KINDS.flatMap((kind) => CHANNELS.map((channel) => optOutKey(kind, channel))),
      },
    });
    await ctx.prisma.notificationProfile.create({ data: { tenantId: tenant.id, guardianId: english.id, language: 'en' } });
    await ioCommand(ctx, 'profiles', { fiscal_code: blocked.fiscalCode, state: 'SENDER_BLOCKED' });
    const before = { optedOut: ctx.mail.to(optedOut.email!).length, blocked: ctx.mail.to(blocked.email!).length };
    const blockedIo = (await ioMessagesOf(ctx, blocked.fiscalCode)).length;

    const news = await createNews(ctx.prisma, {
      tenantId: tenant.id,
      actor: SYSTEM_ACTOR,
      now: ctx.clock.now(),
      news: {
        title: 'Menu invernale',
        summary: 'Da lunedì il menu invernale in tutte le scuole.',
        body: 'Il nuovo menu è pubblicato nella sezione Refezione.',
        schoolId: null,
        publishedAt: new Date('2026-11-30T08:00:00Z'),
        publishUntil: null,
        publish: true,
        notify: true,
      },
    });
    await sendWaiting(ctx);

    const newsRows = await ctx.prisma.notification.findMany({ where: { tenantId: tenant.id, kind: 'NEWS' } });
    expect(newsRows.length).toBeGreaterThan(3);
    expect(newsRows.find((n) => n.guardianId === optedOut.id)?.state).toBe('SKIPPED');
    expect(ctx.mail.to(optedOut.email!).length).toBe(before.optedOut);
    // the invoice of the run above still reached them: essential
    expect(ctx.mail.to(optedOut.email!).some((m) => m.parsed.subject?.includes('documento n.'))).toBe(true);

    expect(ctx.mail.to(blocked.email!).length).toBe(before.blocked + 1);
    expect(ctx.mail.to(blocked.email!).at(-1)!.parsed.subject).toBe(`${tenant.name}: Menu invernale`);
    expect((await ioMessagesOf(ctx, blocked.fiscalCode)).length).toBe(blockedIo);

    const englishMail = ctx.mail.to(english.email!).at(-1)!;
    expect(englishMail.parsed.text).toContain(`Dear ${english.firstName}`);
    expect(englishMail.parsed.text).toContain(`${ctx.baseUrl}/borgoverde/news/${news.id}`);
  });

  it('records IO’s 400 and sends the e-mail instead', async () => {
    const { tenant } = await borgoverde();
    const guardian = (await guardiansWithEmail(tenant.id)).at(-1)!;
    await ctx.prisma.notification.create({
      data: {
        tenantId: tenant.id,
        guardianId: guardian.id,
        kind: 'NEWS',
        payload: { newsId: (await ctx.prisma.news.findFirstOrThrow({ where: { tenantId: tenant.id, notify: true } })).id },
        dedupeKey: 'test-400',
      },
    });
    await ioCommand(ctx, 'failures', { statuses: [400] });
    expect(await sendWaiting(ctx)).toEqual(['SENT']);
    const attempts = await ctx.prisma.notificationAttempt.findMany({
      where: { tenantId: tenant.id, notification: { dedupeKey: 'test-400' } },
      orderBy: { startedAt: 'asc' },
    });
    expect(attempts.map((a) => [a.channel, a.outcome])).toEqual([
      ['IO', 'REFUSED'],
      ['EMAIL', 'SENT'],
    ]);
    expect(attempts[0].detail).toContain('400');
  });
});
