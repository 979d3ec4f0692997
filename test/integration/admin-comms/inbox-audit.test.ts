import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { aGuardian, aStudent } from '../../helpers/builders.ts';
import { agentFor } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { demoParentAgent, demoTenant, postFrom, staffAgent, visibleText } from './support.ts';

const ctx = useTestContext({ demo: true });
const csvRows = (text: string, options: { delimiter: string; relax_quotes?: boolean }): string[][] => parse(text, options);
const T = '/dimostrativo';

describe('inbox replies', () => {
  it('a reply shows in the family "I tuoi messaggi", with its status, and never to another family', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const parent = await demoParentAgent(ctx);
    const sent = await postFrom(parent, `${T}/contatti`, `${T}/contatti`, {
      oggetto: 'Dieta in bianco',
      messaggio: 'Come chiedo il pasto in bianco per tre giorni?',
      email: 'maria.rossi@example.com',
    });
    expect(sent.status).toBe(302);
    const message = await ctx.prisma.contactMessage.findFirstOrThrow({ where: { tenantId: tenant.id, subject: 'Dieta in bianco' } });
    expect(message.status).toBe('NEW');

    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const inbox = await clerk.get(`${T}/admin/messaggi?q=bianco`);
    expect(visibleText(inbox.text)).toContain('Dieta in bianco');
    const empty = await postFrom(clerk, `${T}/admin/messaggi/${message.id}`, `${T}/admin/messaggi/${message.id}/risposta`, {
      risposta: '',
    });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Scrivi la risposta.');
    const replied = await postFrom(clerk, `${T}/admin/messaggi/${message.id}`, `${T}/admin/messaggi/${message.id}/risposta`, {
      risposta: 'Dalla sezione Refezione, giorno per giorno: https://www.example.it/guida',
    });
    expect(replied.status).toBe(302);
    const admin = await ctx.prisma.localAccount.findFirstOrThrow({ where: { tenantId: tenant.id, username: 'admin' } });
    await postFrom(clerk, `${T}/admin/messaggi/${message.id}`, `${T}/admin/messaggi/${message.id}/assegna`, { assegnatario: admin.id });
    const after = await ctx.prisma.contactMessage.findUniqueOrThrow({ where: { id: message.id } });
    expect(after.status).toBe('IN_PROGRESS');
    expect(after.assignedToId).toBe(admin.id);
    const thread = visibleText((await clerk.get(`${T}/admin/messaggi/${message.id}`)).text);
    expect(thread).toContain('stato cambiato in "In lavorazione"');
    expect(thread).toContain('assegnato a');
    expect(
      await ctx.prisma.auditEvent.count({ where: { tenantId: tenant.id, entityId: message.id, action: { startsWith: 'CONTACT_' } } }),
    ).toBe(4);

    const mine = await parent.get(`${T}/messaggi`);
    expect(mine.status).toBe(200);
    expect(visibleText(mine.text)).toContain('Dieta in bianco');
    expect(visibleText(mine.text)).toContain('1 risposta');
    const detail = await parent.get(`${T}/messaggi/${message.id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('<a href="https://www.example.it/guida"');
    expect(visibleText(detail.text)).toContain("Preso in carico dall'ufficio");
    expect(visibleText(detail.text)).not.toContain('assegnato a'); // the office's internal history stays internal

    const guardian = await aGuardian(ctx.prisma, tenant.id);
    const school = await ctx.prisma.school.findFirstOrThrow({ where: { tenantId: tenant.id } });
    await aStudent(ctx.prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id });
    const other = agentFor(ctx.app);
    await loginAsCitizen(other, 'dimostrativo', guardian.fiscalCode);
    expect((await other.get(`${T}/messaggi/${message.id}`)).status).toBe(404);
    expect(visibleText((await other.get(`${T}/messaggi`)).text)).not.toContain('Dieta in bianco');
  });
});

describe('audit viewer', () => {
  it("records the parent's own cancellation, filters by record and user, and the CSV has the database's rows", async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const parent = await demoParentAgent(ctx);
    const child = await ctx.prisma.student.findFirstOrThrow({
      where: { tenantId: tenant.id, guardian: { fiscalCode: { startsWith: 'RSSMRA' } } },
    });
    const cancel = await postFrom(parent, `${T}/refezione?alunno=${child.id}`, `${T}/refezione/disdici-prossimo`, { alunno: child.id });
    expect([302, 303]).toContain(cancel.status);
    const cancelled = await ctx.prisma.auditEvent.findFirst({
      where: { tenantId: tenant.id, actorKind: 'PARENT', action: { startsWith: 'CANTEEN_DAY_' } },
    });
    expect(cancelled).not.toBeNull();

    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const byRecord = await clerk.get(`${T}/admin/audit?tipo=Student&id=${child.id}`);
    expect(byRecord.status).toBe(200);
    const dbCount = await ctx.prisma.auditEvent.count({ where: { tenantId: tenant.id, entityType: 'Student', entityId: child.id } });
    expect(dbCount).toBeGreaterThan(0);
    expect(byRecord.text).toContain(`data-qa="list-total">${dbCount} risultat`);
    expect((byRecord.text.match(/data-qa="audit-row"/g) ?? []).length).toBe(Math.min(dbCount, 50));

    const bad = await clerk.get(`${T}/admin/audit?dal=32/13/2026`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Inserisci una data valida nel formato gg/mm/aaaa.');

    const filter = 'utente=operatore&dal=01/01/2026&al=31/12/2026';
    const csv = await clerk.get(`${T}/admin/audit/export.csv?${filter}`).buffer(true);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csvRows(csv.text.replace(/^\uFEFF/, ''), { delimiter: ';' });
    const inDb = await ctx.prisma.auditEvent.count({
      where: {
        tenantId: tenant.id,
        OR: [{ actorLabel: { contains: 'operatore', mode: 'insensitive' } }, { actorId: 'operatore' }],
        at: { gte: new Date('2025-12-31T23:00:00Z'), lt: new Date('2026-12-31T23:00:00Z') },
      },
    });
    expect(inDb).toBeGreaterThan(0);
    expect(rows.length - 1).toBe(inDb);
    expect(rows[0][0]).toBe('Data e ora');
    const all = await clerk.get(`${T}/admin/audit/export.csv`).buffer(true);
    const allRows = csvRows(all.text.replace(/^\uFEFF/, ''), { delimiter: ';', relax_quotes: true });
    expect(allRows.length - 1).toBe(await ctx.prisma.auditEvent.count({ where: { tenantId: tenant.id } }));
  });
});
