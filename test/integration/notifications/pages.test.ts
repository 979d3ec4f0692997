// What people see of notifications: the parent's Comunicazioni (history and choices), a delegate's, the clerk's
// family page, and the IO key in the Comune's settings.
import { describe, expect, it } from 'vitest';
import { DEMO_DELEGATE, DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { formatEuroPlain } from '../../../src/domain/money.ts';
import { comuneFormValues } from '../../../src/features/admin/settings/service.ts';
import { agentFor, submitForm } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { postFrom, staffAgent } from '../admin-comms/support.ts';

const ctx = useTestContext({ demo: true });
const T = '/dimostrativo';

async function parentWithOneMessage() {
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
  const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: tenant.id, fiscalCode: DEMO_PARENT.fiscalCode } });
  const existing = await ctx.prisma.notification.findFirst({ where: { tenantId: tenant.id, dedupeKey: 'page-test' } });
  if (!existing)
    await ctx.prisma.notification.create({
      data: {
        tenantId: tenant.id,
        guardianId: guardian.id,
        kind: 'WALLET_LOW',
        payload: { walletId: '00000000-0000-7000-8000-000000000000', balanceCents: 500 },
        dedupeKey: 'page-test',
        state: 'SENT',
        attempts: {
          create: {
            tenantId: tenant.id,
            channel: 'EMAIL',
            recipient: guardian.email!,
            template: 'WALLET_LOW.it',
            startedAt: ctx.clock.now(),
            finishedAt: ctx.clock.now(),
            outcome: 'SENT',
            providerId: '<prova@servizi-scolastici.invalid>',
          },
        },
      },
    });
  return { tenant, guardian };
}

describe('Comunicazioni', () => {
  it('lists what was sent to the intestatario, and saves their choices (essential kinds stay on)', async () => {
    const { tenant, guardian } = await parentWithOneMessage();
    const parent = agentFor(ctx.app);
    await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
    const page = await parent.get(`${T}/comunicazioni`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/dimostrativo/comunicazioni"');
    expect(page.text).toMatch(/data-kind="WALLET_LOW" data-channel="EMAIL" data-outcome="SENT"/);
    expect(page.text).toContain('Credito della mensa in esaurimento');
    expect(page.text).toContain(guardian.email!);

    const bad = await submitForm(parent, `${T}/comunicazioni`, `${T}/comunicazioni/preferenze`, { language: 'fr', channels: 'NEWS:IO' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Scegli l&#39;italiano o l&#39;inglese.');
    expect(await ctx.prisma.notificationProfile.count({ where: { tenantId: tenant.id } })).toBe(0);

    const saved = await submitForm(parent, `${T}/comunicazioni`, `${T}/comunicazioni/preferenze`, {
      language: 'en',
      channels: ['NEWS:IO', 'WALLET_LOW:EMAIL', 'INVOICE_ISSUED:EMAIL'],
    });
    expect(saved.status).toBe(302);
    const profile = await ctx.prisma.notificationProfile.findFirstOrThrow({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    expect(profile.language).toBe('en');
    expect([...profile.optOuts].sort()).toEqual(
      [
        'NEWS:EMAIL',
        'NOTICE_EXPIRING:EMAIL',
        'NOTICE_EXPIRING:IO',
        'WALLET_LOW:IO',
        'WALLET_NEGATIVE:EMAIL',
        'WALLET_NEGATIVE:IO',
        ...['PRATICA_SUBMITTED', 'PRATICA_ACCEPTED', 'PRATICA_REJECTED'].flatMap((kind) => [`${kind}:EMAIL`, `${kind}:IO`]),
      ].sort(),
    );
    const again = await parent.get(`${T}/comunicazioni`);
    expect(again.text).toMatch(/value="NEWS:IO" checked/);
    expect(again.text).not.toMatch(/value="NEWS:EMAIL" checked/);
    expect(again.text).not.toContain('value="INVOICE_ISSUED:EMAIL"');
  });

  it('is not a delegate’s to read or choose: messages go to the intestatario alone', async () => {
    await parentWithOneMessage();
    const delegate = agentFor(ctx.app);
    await loginAsCitizen(delegate, 'dimostrativo', DEMO_DELEGATE.fiscalCode);
    const page = await delegate.get(`${T}/comunicazioni`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Le preferenze le sceglie l&#39;intestatario della famiglia.');
    expect(page.text).not.toContain('data-qa="notification-row"');
    const post = await submitForm(delegate, `${T}/comunicazioni`, `${T}/comunicazioni/preferenze`, { language: 'it' });
    expect(post.status).toBe(403);
  });

  it('offers the portal’s language for the messages until the parent saves a choice', async () => {
    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
    const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: tenant.id, fiscalCode: DEMO_PARENT.fiscalCode } });
    await ctx.prisma.notificationProfile.deleteMany({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    const parent = agentFor(ctx.app);
    await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
    await parent.get(`/lingua/en?ritorno=${encodeURIComponent(`${T}/comunicazioni`)}`).expect(303);
    expect((await parent.get(`${T}/comunicazioni`)).text).toMatch(/<option value="en" selected>/);
    const saved = await submitForm(parent, `${T}/comunicazioni`, `${T}/comunicazioni/preferenze`, { language: 'it' });
    expect(saved.status).toBe(302);
    expect((await parent.get(`${T}/comunicazioni`)).text).toMatch(/<option value="it" selected>/);
  });

  it('shows the clerk every attempt on the family’s page, with the provider’s id', async () => {
    const { guardian } = await parentWithOneMessage();
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const page = await clerk.get(`${T}/admin/anagrafica/intestatari/${guardian.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-qa="family-notifications"');
    expect(page.text).toMatch(/data-kind="WALLET_LOW" data-channel="EMAIL" data-outcome="SENT"/);
    expect(page.text).toContain('&lt;prova@servizi-scolastici.invalid&gt;');
  });
});

describe('the Comune’s IO key', () => {
  it('is set in the settings, never shown back, and kept when the field is left empty', async () => {
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const page = `${T}/admin/impostazioni`;
    const values = async () =>
      comuneFormValues(await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } }), formatEuroPlain);
    const bad = await postFrom(admin, page, page, { ...(await values()), chiaveIo: 'corta' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('La chiave del servizio IO ha da 16 a 64 lettere');

    const saved = await postFrom(admin, page, page, { ...(await values()), chiaveIo: 'a1b2c3d4e5f6a7b8c9d0' });
    expect(saved.status).toBeLessThan(400);
    expect((await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } })).ioApiKey).toBe('a1b2c3d4e5f6a7b8c9d0');
    const shown = await admin.get(page);
    expect(shown.text).not.toContain('a1b2c3d4e5f6a7b8c9d0');
    expect(shown.text).toContain('Una chiave è impostata');

    await postFrom(admin, page, page, { ...(await values()), chiaveIo: '' });
    expect((await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } })).ioApiKey).toBe('a1b2c3d4e5f6a7b8c9d0');
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({ where: { action: 'SETTINGS_UPDATED' }, orderBy: { at: 'desc' } });
    expect(JSON.stringify(audit)).not.toContain('a1b2c3d4e5f6a7b8c9d0');
  });
});

describe('a news item marked "notify" in the back office', () => {
  it('queues one message per family of its school and asks for their dispatch', async () => {
    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const form = `${T}/admin/news/nuova`;
    const saved = await postFrom(clerk, form, form, {
      titolo: 'Sciopero del personale',
      sommario: 'Giovedì il servizio mensa potrebbe non essere garantito.',
      testo: 'Le famiglie sono invitate a verificare il servizio.',
      scuola: '',
      dal: '18/11/2026',
      oraDal: '08:00',
      al: '',
      avvisa: 'si',
      azione: 'pubblica',
    });
    expect(saved.status).toBe(302);
    const news = await ctx.prisma.news.findFirstOrThrow({ where: { tenantId: tenant.id, title: 'Sciopero del personale' } });
    expect(news.notify).toBe(true);
    const families = await ctx.prisma.guardian.count({ where: { tenantId: tenant.id, deactivatedAt: null, students: { some: {} } } });
    expect(await ctx.prisma.notification.count({ where: { tenantId: tenant.id, kind: 'NEWS' } })).toBe(families);
    expect(ctx.sentJobs.at(-1)).toEqual({ name: 'notifications-dispatch', data: { tenantId: tenant.id }, singletonKey: tenant.id });
  });
});
