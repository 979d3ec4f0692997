import { describe, expect, it } from 'vitest';
import { addDays, fromDbDate, toDbDate } from '../../../src/domain/dates.ts';
import { closeDueDays } from '../../../src/features/canteen/day-close.ts';
import { NotificationBusyError, sendNotification } from '../../../src/features/notifications/send.ts';
import { IoHttpClient } from '../../../src/io/client.ts';
import { runNoticesExpiry } from '../../../src/jobs/notices-expiry.ts';
import type { Mailer } from '../../../src/mail/mailer.ts';
import { PagoPaRefusedError } from '../../../src/pagopa/gateway.ts';
import { aPayingFamily, aTopUpAvviso } from '../../helpers/payments.ts';
import { registryPaths } from '../../../src/features/admin/registry/scope.ts';
import { submitForm } from '../../helpers/http.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { staffAgent, visibleText } from '../admin-canteen/support.ts';
import { ioCommand, ioMessagesOf, sendWaiting } from './helpers.ts';

const ctx = useTestContext({ demo: true, listen: true });

const balanceOf = async (walletId: string) =>
  (await ctx.prisma.walletMovement.aggregate({ where: { walletId }, _sum: { amountCents: true } }))._sum.amountCents ?? 0;

async function setBalance(tenantId: string, walletId: string, cents: number) {
  await ctx.prisma.walletMovement.create({
    data: {
      tenantId,
      walletId,
      occurredAt: ctx.clock.now(),
      kind: 'CORRECTION',
      amountCents: cents - (await balanceOf(walletId)),
      description: 'Rettifica di prova',
      createdBy: 'test',
    },
  });
}

describe('the wallet balance', () => {
  it('warns once when a day close takes it below 3 meals, and once when below zero', async () => {
    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
    const close = async (instant: string) => {
      ctx.setNow(instant);
      await closeDueDays(ctx.prisma, tenant, ctx.clock.now());
    };
    await close('2026-11-19T08:30:00Z');
    // a child charged on the 19th who eats every day of the next week (no absence booked)
    const debits = await ctx.prisma.walletMovement.findMany({
      where: { tenantId: tenant.id, kind: 'MEAL', occurredAt: ctx.clock.now() },
      include: { wallet: { include: { student: { include: { guardian: true, schoolClass: true } } } } },
      // by a value the seed fixes (ids are time-based and random within a millisecond): the same child every run
      orderBy: { wallet: { student: { fiscalCode: 'asc' } } },
    });
    const absentLater = new Set(
      (
        await ctx.prisma.booking.findMany({
          where: { tenantId: tenant.id, date: { gte: toDbDate('2026-11-20'), lte: toDbDate('2026-11-24') }, status: 'ABSENT' },
        })
      ).map((b) => b.studentId),
    );
    // whose class eats every weekday (a class with rientri only on some days would skip the 20th)
    const eatsDaily = (d: (typeof debits)[number]) => (d.wallet.student.schoolClass?.mealWeekdays ?? [1, 2, 3, 4, 5]).length >= 5;
    const debit = debits.find((d) => !absentLater.has(d.wallet.studentId) && d.wallet.student.guardian.email && eatsDaily(d))!;
    const meal = -debit.amountCents;
    const walletId = debit.walletId;
    const kinds = async () =>
      (
        await ctx.prisma.notification.findMany({
          where: { tenantId: tenant.id, payload: { path: ['walletId'], equals: walletId } },
          orderBy: { createdAt: 'asc' },
        })
      ).map((n) => n.kind);

    await setBalance(tenant.id, walletId, 3 * meal);
    await close('2026-11-20T08:30:00Z');
    expect(await balanceOf(walletId)).toBe(2 * meal);
    expect(await kinds()).toEqual(['WALLET_LOW']);
    await close('2026-11-23T08:30:00Z');
    expect(await balanceOf(walletId)).toBe(meal);
    expect(await kinds()).toEqual(['WALLET_LOW']);

    await setBalance(tenant.id, walletId, meal - 1);
    await close('2026-11-24T08:30:00Z');
    expect(await kinds()).toEqual(['WALLET_LOW', 'WALLET_NEGATIVE']);

    await sendWaiting(ctx);
    const guardian = debit.wallet.student.guardian;
    const subjects = ctx.mail.to(guardian.email!).map((m) => m.parsed.subject);
    expect(subjects).toContain(`${tenant.name}: il credito di ${debit.wallet.student.firstName} sta finendo`);
    expect(subjects).toContain(`${tenant.name}: il credito di ${debit.wallet.student.firstName} è esaurito`);
    const negative = ctx.mail.to(guardian.email!).find((m) => m.parsed.subject?.includes('esaurito'))!;
    expect(negative.parsed.text).toContain('-0,01');
    expect(negative.parsed.text).not.toMatch(/dieta|allerg/i);
  });
});

describe('an avviso about to expire', () => {
  it('is recalled once, three days before, with the avviso attached and payable on IO', async () => {
    const family = await aPayingFamily(ctx);
    await ctx.prisma.guardian.update({ where: { id: family.guardian.id }, data: { email: 'pagante@example.com' } });
    await ctx.prisma.tenant.update({ where: { id: family.tenant.id }, data: { ioApiKey: 'io-key-of-the-paying-family-0002' } });
    const notice = await aTopUpAvviso(ctx, family);
    const dueOn = fromDbDate(notice.dueOn!);
    const deps = { ...ctx.deps };
    ctx.setNow(`${addDays(dueOn, -4)}T10:00:00Z`);
    await runNoticesExpiry(deps);
    expect(await ctx.prisma.notification.count({ where: { tenantId: family.tenant.id } })).toBe(0);
    ctx.setNow(`${addDays(dueOn, -3)}T10:00:00Z`);
    await runNoticesExpiry(deps);
    await runNoticesExpiry(deps);
    expect(await sendWaiting(ctx)).toEqual(['SENT']);

    const [mail] = ctx.mail.to('pagante@example.com');
    expect(mail.parsed.subject).toContain(notice.noticeNumber);
    expect(mail.parsed.attachments[0].filename).toBe(`avviso-pagopa-${notice.noticeNumber}.pdf`);
    const [io] = await ioMessagesOf(ctx, family.guardian.fiscalCode);
    expect(io.content.payment_data).toMatchObject({ notice_number: notice.noticeNumber, invalid_after_due_date: true });
    expect(io.content.due_date).toBe(`${dueOn}T00:00:00.000Z`);
  });
});

describe('a send job killed after sending', () => {
  it('is retried without a second copy; the attempt is left uncertain for the clerk', async () => {
    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
    const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: tenant.id, email: { not: null } } });
    const news = await ctx.prisma.news.create({
      data: {
        tenantId: tenant.id,
        title: 'Gita',
        summary: 'Uscita didattica venerdì.',
        body: 'Dettagli in segreteria.',
        publishedAt: new Date('2026-11-01T00:00:00Z'),
        notify: true,
      },
    });
    const notification = await ctx.prisma.notification.create({
      data: { tenantId: tenant.id, guardianId: guardian.id, kind: 'NEWS', payload: { newsId: news.id }, dedupeKey: 'kill-test' },
    });
    const before = ctx.mail.to(guardian.email!).length;
    // the SMTP server accepted the message, then the process died before recording it: the promise never settles
    const dying: Mailer = {
      send: async (mail) => {
        await ctx.deps.mailer.send(mail);
        return new Promise(() => undefined);
      },
      close: () => undefined,
    };
    void sendNotification({ ...ctx.deps, mailer: dying }, notification.id, tenant.id);
    await expect.poll(() => ctx.mail.to(guardian.email!).length).toBe(before + 1);

    // a retry while the attempt may still be under way waits; once it is surely dead, nothing is sent again
    await expect(sendNotification(ctx.deps, notification.id, tenant.id)).rejects.toThrow(NotificationBusyError);
    ctx.setNow(new Date(ctx.clock.now().getTime() + 6 * 60_000));
    expect(await sendNotification(ctx.deps, notification.id, tenant.id)).toBe('UNCERTAIN');
    expect(await sendNotification(ctx.deps, notification.id, tenant.id)).toBe('done');
    expect(ctx.mail.to(guardian.email!).length).toBe(before + 1);
    const attempts = await ctx.prisma.notificationAttempt.findMany({ where: { notificationId: notification.id } });
    expect(attempts.map((a) => [a.channel, a.outcome])).toEqual([['EMAIL', 'UNCERTAIN']]);
  });
});

describe('a clerk resending an uncertain message', () => {
  it('sends it again from the family page, once, keeps the old attempt, and refuses what was sent or is not this family’s', async () => {
    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
    const [guardian, other] = await ctx.prisma.guardian.findMany({
      where: { tenantId: tenant.id, email: { not: null } },
      orderBy: { fiscalCode: 'asc' },
      take: 2,
    });
    const news = await ctx.prisma.news.create({
      data: {
        tenantId: tenant.id,
        title: 'Assemblea',
        summary: 'Assemblea dei genitori.',
        body: 'In aula magna.',
        publishedAt: new Date('2026-11-01T00:00:00Z'),
        notify: true,
      },
    });
    const lostAt = new Date(ctx.clock.now().getTime() - 10 * 60_000);
    const notification = await ctx.prisma.notification.create({
      data: {
        tenantId: tenant.id,
        guardianId: guardian.id,
        kind: 'NEWS',
        payload: { newsId: news.id },
        dedupeKey: 'resend-test',
        state: 'UNCERTAIN',
        finishedAt: lostAt,
        attempts: {
          create: {
            tenantId: tenant.id,
            channel: 'EMAIL',
            recipient: guardian.email!,
            template: 'NEWS.it',
            startedAt: lostAt,
            finishedAt: lostAt,
            outcome: 'UNCERTAIN',
          },
        },
      },
    });
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const family = registryPaths.guardian('dimostrativo', guardian.id);
    const resend = `${family}/comunicazioni/${notification.id}/reinvia`;
    expect((await clerk.get(family)).text).toContain('data-qa="notification-resend"');
    const before = ctx.mail.to(guardian.email!).length;

    const posted = await submitForm(clerk, family, resend, {});
    expect(posted.status).toBe(303);
    expect(visibleText((await clerk.get(family)).text)).toContain('Il messaggio è di nuovo in coda');
    expect(await sendNotification(ctx.deps, notification.id, tenant.id)).toBe('SENT');
    expect(ctx.mail.to(guardian.email!).length).toBe(before + 1);
    const attempts = await ctx.prisma.notificationAttempt.findMany({
      where: { notificationId: notification.id },
      orderBy: { startedAt: 'asc' },
    });
    expect(attempts.map((a) => a.outcome)).toEqual(['UNCERTAIN', 'SENT']);
    expect(
      await ctx.prisma.auditEvent.count({ where: { tenantId: tenant.id, action: 'NOTIFICATION_RESENT', entityId: notification.id } }),
    ).toBe(1);

    expect((await submitForm(clerk, family, resend, {})).status).toBe(303);
    expect(visibleText((await clerk.get(family)).text)).toContain('Questo messaggio non si può reinviare');
    expect((await ctx.prisma.notification.findUniqueOrThrow({ where: { id: notification.id } })).state).toBe('SENT');
    const otherFamily = registryPaths.guardian('dimostrativo', other.id);
    expect((await submitForm(clerk, otherFamily, `${otherFamily}/comunicazioni/${notification.id}/reinvia`, {})).status).toBe(404);
    expect(ctx.mail.to(guardian.email!).length).toBe(before + 1);
  });
});

describe('the IO client against the simulator', () => {
  const client = () => new IoHttpClient(() => `${ctx.baseUrl}/_io/api/v1`, { timeoutMs: 5_000, retries: 3 });
  const message = {
    fiscalCode: 'RSSMRA85C52F205Q',
    subject: 'Comune di prova: un messaggio',
    markdown: 'Un messaggio di prova abbastanza lungo da superare il minimo di ottanta caratteri chiesto da IO per il testo.',
  };

  it('checks profiles: present, absent, service turned off', async () => {
    expect(await client().getProfile('key-1', 'RSSMRA85C52F205Q')).toEqual({ exists: true, senderAllowed: true });
    await ioCommand(ctx, 'profiles', { fiscal_code: 'VRDGPP80A01H501U', state: 'ABSENT' });
    expect(await client().getProfile('key-1', 'VRDGPP80A01H501U')).toEqual({ exists: false });
    await ioCommand(ctx, 'profiles', { fiscal_code: 'BNCLRA90B41F205X', state: 'SENDER_BLOCKED' });
    expect(await client().getProfile('key-1', 'BNCLRA90B41F205X')).toEqual({ exists: true, senderAllowed: false });
  });

  it('retries a 429 and gets the message id; a 400 is thrown at once, not retried', async () => {
    await ioCommand(ctx, 'failures', { statuses: [429, 503] });
    const { id } = await client().submitMessage('key-1', message);
    const requests = (await (await fetch(`${ctx.baseUrl}/_io/sim/requests`)).json()) as { path: string; status: number }[];
    expect(
      requests
        .filter((r) => r.path === '/messages')
        .map((r) => r.status)
        .slice(-3),
    ).toEqual([429, 503, 201]);
    expect((await ioMessagesOf(ctx, message.fiscalCode)).map((m) => m.id)).toContain(id);

    const refused = client().submitMessage('key-1', { ...message, markdown: 'troppo corto' });
    await expect(refused).rejects.toThrow(PagoPaRefusedError);
    await expect(refused).rejects.toMatchObject({ status: 400 });
  });
});
