import { describe, expect, it } from 'vitest';
import { aGuardian, aSchool, aStudent } from '../../helpers/builders.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { agentFor } from '../../helpers/http.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { demoParentAgent, demoTenant, postFrom, staffAgent, visibleText } from './support.ts';

const ctx = useTestContext({ demo: true });
const T = '/dimostrativo';

describe('back-office news', () => {
  it('refuses a bad form in Italian next to the fields, keeping what was typed', async () => {
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const before = await ctx.prisma.news.count();
    const res = await postFrom(clerk, `${T}/admin/news/nuova`, `${T}/admin/news/nuova`, {
      titolo: 'Sciopero',
      sommario: '',
      testo: 'breve',
      dal: '31/02/2026',
      al: '',
      azione: 'pubblica',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-qa="error-summary"');
    expect(res.text).toContain('Scrivi il sommario');
    expect(res.text).toContain('Scrivi il testo della notizia');
    expect(res.text).toContain('Inserisci una data valida nel formato gg/mm/aaaa.');
    expect(res.text).toContain('value="Sciopero"');
    expect(await ctx.prisma.news.count()).toBe(before);
  });

  it('schedules a news item: the parent sees it only inside its window, and not after it is withdrawn', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    ctx.setNow('2026-11-18T07:30:00Z');
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const created = await postFrom(clerk, `${T}/admin/news/nuova`, `${T}/admin/news/nuova`, {
      titolo: 'Sciopero del personale mensa',
      sommario: 'Il 20 novembre il servizio potrebbe non essere garantito.',
      testo:
        'Per lo sciopero del 20 novembre il pasto sarà freddo.\n\nDettagli su https://www.example.it/sciopero. <script>alert(1)</script>',
      scuola: '',
      dal: '19/11/2026',
      oraDal: '08:00',
      al: '20/11/2026',
      azione: 'pubblica',
    });
    expect(created.status).toBe(302);
    const news = await ctx.prisma.news.findFirstOrThrow({ where: { tenantId: tenant.id, title: 'Sciopero del personale mensa' } });
    expect(news.status).toBe('PUBLISHED');
    expect(news.publishedAt.toISOString()).toBe('2026-11-19T07:00:00.000Z');
    expect(news.publishUntil!.toISOString()).toBe('2026-11-20T23:00:00.000Z');
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId: tenant.id, action: 'NEWS_CREATED', entityId: news.id } })).toBe(1);

    // the clock jumps days, past the session's idle timeout: each look is a fresh login
    const seen = async () => {
      const parent = await demoParentAgent(ctx);
      const list = await parent.get(`${T}/news`);
      const detail = await parent.get(`${T}/news/${news.id}`);
      const home = await parent.get(`${T}/home`);
      expect(list.text.includes('Sciopero del personale mensa')).toBe(detail.status === 200);
      return { list: list.text.includes('Sciopero del personale mensa'), home: home.text.includes('Sciopero del personale mensa'), detail };
    };
    expect((await seen()).list).toBe(false); // scheduled
    expect((await clerk.get(`${T}/admin/news?stato=programmate`)).text).toContain('Sciopero del personale mensa');

    ctx.setNow('2026-11-19T06:59:59Z');
    expect((await seen()).list).toBe(false);
    ctx.setNow('2026-11-19T07:00:00Z');
    const live = await seen();
    expect(live.list).toBe(true);
    expect(live.home).toBe(true);
    // plain text: the URL is a link, the typed HTML is shown as text and never runs
    expect(live.detail.text).toContain(
      '<a href="https://www.example.it/sciopero" rel="noopener noreferrer nofollow">https://www.example.it/sciopero</a>.',
    );
    expect(live.detail.text).not.toContain('<script>alert(1)</script>');
    expect(live.detail.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    ctx.setNow('2026-11-20T22:59:59Z');
    expect((await seen()).list).toBe(true);
    ctx.setNow('2026-11-20T23:00:00Z');
    expect((await seen()).list).toBe(false); // expired
    const clerkLater = await staffAgent(ctx, 'dimostrativo', 'operatore');
    expect((await clerkLater.get(`${T}/admin/news?stato=scadute`)).text).toContain('Sciopero del personale mensa');

    ctx.setNow('2026-11-20T10:00:00Z');
    expect((await seen()).list).toBe(true);
    const clerkNow = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const withdrawn = await postFrom(clerkNow, `${T}/admin/news`, `${T}/admin/news/${news.id}/ritira`);
    expect(withdrawn.status).toBe(302);
    expect((await seen()).list).toBe(false);
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'NEWS_WITHDRAWN', entityId: news.id },
    });
    expect(audit.before).toEqual({ status: 'PUBLISHED' });
    expect(audit.after).toEqual({ status: 'WITHDRAWN' });
    ctx.setNow('2026-11-18T07:30:00Z');
  });

  it('a draft is never shown; a news item for one school reaches only that school families', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const otherSchool = await aSchool(ctx.prisma, tenant.id, { name: 'Scuola senza figli demo' });
    const draft = await postFrom(clerk, `${T}/admin/news/nuova`, `${T}/admin/news/nuova`, {
      titolo: 'Bozza riservata',
      sommario: 'Non ancora pronta.',
      testo: 'Testo della bozza, da rileggere.',
      dal: '01/11/2026',
      azione: 'bozza',
    });
    expect(draft.status).toBe(302);
    await postFrom(clerk, `${T}/admin/news/nuova`, `${T}/admin/news/nuova`, {
      titolo: 'Solo per la scuola nuova',
      sommario: 'Avviso di plesso.',
      testo: 'Questo avviso riguarda un solo plesso.',
      scuola: otherSchool.id,
      dal: '01/11/2026',
      azione: 'pubblica',
    });
    const parent = await demoParentAgent(ctx);
    const list = visibleText((await parent.get(`${T}/news`)).text);
    expect(list).not.toContain('Bozza riservata');
    expect(list).not.toContain('Solo per la scuola nuova');

    const guardian = await aGuardian(ctx.prisma, tenant.id);
    await aStudent(ctx.prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: otherSchool.id });
    const otherParent = agentFor(ctx.app);
    await loginAsCitizen(otherParent, 'dimostrativo', guardian.fiscalCode);
    expect(visibleText((await otherParent.get(`${T}/news`)).text)).toContain('Solo per la scuola nuova');
  });

  it('refuses a school of another Comune as the audience', async () => {
    const borgoverde = await demoTenant(ctx.prisma, 'borgoverde');
    const foreignSchool = await ctx.prisma.school.findFirstOrThrow({ where: { tenantId: borgoverde.id } });
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const res = await postFrom(clerk, `${T}/admin/news/nuova`, `${T}/admin/news/nuova`, {
      titolo: 'Plesso sbagliato',
      sommario: 'Prova.',
      testo: 'Questo avviso non deve essere salvato.',
      scuola: foreignSchool.id,
      dal: '01/11/2026',
      azione: 'pubblica',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Scegli una scuola dall');
    expect(await ctx.prisma.news.count({ where: { title: 'Plesso sbagliato' } })).toBe(0);
  });
});
