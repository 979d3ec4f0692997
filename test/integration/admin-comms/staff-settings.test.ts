import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom, loginWithPassword } from '../../helpers/http.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { demoTenant, postFrom, staffAgent, visibleText } from './support.ts';

const ctx = useTestContext({ demo: true });
const T = '/dimostrativo';
const B = '/borgoverde';
const FOREIGN = { dimostrativo: 'borgoverde' } as const;

describe('staff accounts', () => {
  it('a new user gets a temporary password that must be changed at the first login', async () => {
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const bad = await postFrom(admin, `${T}/admin/personale/nuovo`, `${T}/admin/personale/nuovo`, {
      utente: 'Operatore!',
      nome: 'L',
      ruolo: 'CLERK',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Il nome utente può contenere solo');
    expect(bad.text).toContain('value="Operatore!"');
    const created = await postFrom(admin, `${T}/admin/personale/nuovo`, `${T}/admin/personale/nuovo`, {
      utente: 'l.verdi',
      nome: 'Lucia Verdi',
      ruolo: 'CLERK',
      codiceFiscale: '',
    });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const password = /data-qa="temporary-password">([^<]+)</.exec(created.text)![1];
    const duplicate = await postFrom(admin, `${T}/admin/personale/nuovo`, `${T}/admin/personale/nuovo`, {
      utente: 'l.verdi',
      nome: 'Altra',
      ruolo: 'CLERK',
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.text).toContain('Esiste già un utente con questo nome');

    const lucia = agentFor(ctx.app);
    const login = await loginWithPassword(lucia, 'dimostrativo', 'l.verdi', password);
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe(`${T}/cambio-password`);
    const elsewhere = await lucia.get(`${T}/admin`);
    expect(elsewhere.status).toBe(302);
    expect(elsewhere.headers.location).toBe(`${T}/cambio-password`);
    const page = await lucia.get(`${T}/cambio-password`);
    expect(page.text).toContain('data-qa="must-change-password"');
    const changed = await lucia
      .post(`${T}/cambio-password`)
      .type('form')
      .send({
        currentPassword: password,
        newPassword: 'Nuova-Password-2027',
        confirmPassword: 'Nuova-Password-2027',
        _csrf: csrfTokenFrom(page.text),
      });
    expect(changed.status).toBe(302);
    expect((await lucia.get(`${T}/admin`)).status).toBe(200);
    const account = await ctx.prisma.localAccount.findFirstOrThrow({ where: { username: 'l.verdi' } });
    expect(account.mustChangePassword).toBe(false);
    expect(
      await ctx.prisma.auditEvent.count({ where: { entityId: account.id, action: { in: ['STAFF_CREATED', 'PASSWORD_CHANGED'] } } }),
    ).toBe(2);
  });

  it('a disabled user cannot log in, and their open session ends; an admin cannot disable themselves or the last admin', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const cashier = await staffAgent(ctx, 'dimostrativo', 'cassa');
    expect((await cashier.get(`${T}/sportello`)).status).toBe(200);
    const cassa = await ctx.prisma.localAccount.findFirstOrThrow({ where: { tenantId: tenant.id, username: 'cassa' } });
    const off = await postFrom(admin, `${T}/admin/personale/${cassa.id}`, `${T}/admin/personale/${cassa.id}/disattiva`);
    expect(off.status).toBe(302);
    expect((await cashier.get(`${T}/sportello`)).status).toBe(302); // session gone: back to the login
    const again = await loginWithPassword(agentFor(ctx.app), 'dimostrativo', 'cassa', DEMO_PASSWORD);
    expect(again.status).toBe(401);
    const refused = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'LOGIN_FAILED', entityId: cassa.id },
      orderBy: { at: 'desc' },
    });
    expect(refused.details).toMatchObject({ reason: 'DISABLED' });

    const me = await ctx.prisma.localAccount.findFirstOrThrow({ where: { tenantId: tenant.id, username: 'admin' } });
    const self = await postFrom(admin, `${T}/admin/personale`, `${T}/admin/personale/${me.id}/disattiva`);
    expect(self.status).toBe(409);
    expect(self.text).toContain('Non puoi disattivare il tuo stesso utente.');
    const demote = await postFrom(admin, `${T}/admin/personale/${me.id}`, `${T}/admin/personale/${me.id}`, {
      nome: me.fullName,
      ruolo: 'CLERK',
    });
    expect(demote.status).toBe(422);
    expect(visibleText(demote.text)).toContain("È l'unico amministratore attivo");
    expect((await ctx.prisma.localAccount.findUniqueOrThrow({ where: { id: me.id } })).role).toBe('ADMIN');
  });

  it('CLERK gets 404 on the ADMIN-only pages; the cashier on all of them', async () => {
    const clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const cashier = await staffAgent(ctx, 'dimostrativo', 'cucina');
    for (const path of ['/admin/personale', '/admin/personale/nuovo', '/admin/impostazioni'])
      expect((await clerk.get(`${T}${path}`)).status).toBe(404);
    for (const path of ['/admin/news', '/admin/messaggi', '/admin/audit', '/admin/personale', '/admin/impostazioni'])
      expect((await cashier.get(`${T}${path}`)).status).toBe(404);
  });
});

describe('settings', () => {
  it('saves the Comune data with per-Comune top-up limits, refusing bad values next to the fields', async () => {
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const form = await admin.get(`${T}/admin/impostazioni`);
    expect(form.status).toBe(200);
    const fields = {
      nome: tenant.name,
      codiceFiscale: '123',
      codiceIpa: tenant.ipaCode,
      ufficio: tenant.officeName,
      email: tenant.officeEmail,
      telefono: tenant.officePhone,
      indirizzo: tenant.officeAddress,
      orari: tenant.officeHours,
      sitoWeb: tenant.websiteUrl,
      codiceSegregazione: tenant.segregationCode,
      cbill: tenant.cbillCode ?? '',
      contoPostale: '',
      orarioLimite: '9.30',
      ricaricaMinima: '10,00',
      ricaricaMassima: '5,00',
      creditoreSdd: 'IT67ZZZA1B2C3D4E5F6G7H8',
    };
    const bad = await admin
      .post(`${T}/admin/impostazioni`)
      .type('form')
      .send({ ...fields, _csrf: csrfTokenFrom(form.text) });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Il codice fiscale del Comune ha 11 cifre.');
    expect(visibleText(bad.text)).toContain("Inserisci l'orario limite nel formato hh:mm");
    expect(bad.text).toContain('La ricarica massima non può essere inferiore alla minima.');
    expect(bad.text).toContain('Il codice identificativo del creditore SEPA non è valido');
    const ok = await admin
      .post(`${T}/admin/impostazioni`)
      .type('form')
      .send({
        ...fields,
        codiceFiscale: '80012345678',
        orarioLimite: '09:30',
        ricaricaMassima: '300,00',
        creditoreSdd: 'it66 zzz a1b2c3d4e5f6g7h8',
        _csrf: csrfTokenFrom(form.text),
      });
    expect(ok.status).toBe(302);
    const after = await ctx.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect([after.cutoffTime, after.topUpMinCents, after.topUpMaxCents]).toEqual(['09:30', 1000, 30000]);
    expect(after.sddCreditorId).toBe('IT66ZZZA1B2C3D4E5F6G7H8');
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, action: 'SETTINGS_UPDATED' } });
    expect(audit.before).toMatchObject({ cutoffTime: '09:00', topUpMinCents: null });
    expect(audit.after).toMatchObject({ cutoffTime: '09:30', topUpMinCents: 1000 });
  });

  it('takes a PNG logo by its bytes and refuses an SVG or a text file named .png', async () => {
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const page = await admin.get(`${T}/admin/impostazioni`);
    const token = csrfTokenFrom(page.text);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const fake = await admin
      .post(`${T}/admin/impostazioni/logo`)
      .field('_csrf', token)
      .attach('logo', Buffer.from('not an image'), { filename: 'logo.png', contentType: 'image/png' });
    expect(fake.status).toBe(422);
    expect(fake.text).toContain('PNG o JPEG');
    const bad = await admin
      .post(`${T}/admin/impostazioni/logo`)
      .field('_csrf', token)
      .attach('logo', svg, { filename: 'logo.svg', contentType: 'image/svg+xml' });
    expect(bad.status).toBe(422);
    expect((await request(ctx.app).get(`${T}/logo`)).status).toBe(404);
    const ok = await admin
      .post(`${T}/admin/impostazioni/logo`)
      .field('_csrf', token)
      .attach('logo', png, { filename: 'stemma.bin', contentType: 'application/octet-stream' });
    expect(ok.status).toBe(302);
    const served = await request(ctx.app).get(`${T}/logo`);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, png)).toBe(0);
  });

  it('a SAML pair must match: a certificate of another key is refused', async () => {
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const { readFileSync } = await import('node:fs');
    const keys = 'src/auth/dev-idp/keys';
    const spKey = readFileSync(`${keys}/TEST-ONLY-sp-key.pem`, 'utf8');
    const idpCert = readFileSync(`${keys}/TEST-ONLY-dev-idp-cert.pem`, 'utf8');
    const spCert = readFileSync(`${keys}/TEST-ONLY-sp-cert.pem`, 'utf8');
    const mismatch = await postFrom(admin, `${T}/admin/impostazioni`, `${T}/admin/impostazioni/saml`, {
      chiave: spKey,
      certificato: idpCert,
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('Il certificato non corrisponde alla chiave privata.');
    const ok = await postFrom(admin, `${T}/admin/impostazioni`, `${T}/admin/impostazioni/saml`, { chiave: spKey, certificato: spCert });
    expect(ok.status).toBe(302);
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    expect(tenant.samlCertificatePem).toBe(spCert.trim());
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, action: 'SETTINGS_SAML_KEY_SET' } });
    expect(JSON.stringify(audit)).not.toContain('PRIVATE KEY');
  });

  it("the Comune's own push token is accepted, the shared one and another Comune's are then refused", async () => {
    const push = (slug: string, token: string) =>
      request(ctx.app)
        .post(`/${slug}/pagopa/receipts`)
        .set('content-type', 'text/xml')
        .set('authorization', `Bearer ${token}`)
        .send('<receipt/>');
    // a malformed body answers 400 once the token passes, 401 when it does not
    expect((await push('dimostrativo', ctx.config.pagopa.pushToken)).status).toBe(400);
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const generated = await postFrom(admin, `${T}/admin/impostazioni`, `${T}/admin/impostazioni/token-pagopa`);
    expect(generated.status).toBe(200);
    expect(generated.headers['cache-control']).toBe('no-store');
    const token = /data-qa="push-token">([^<]+)</.exec(generated.text)![1];
    const tenant = await demoTenant(ctx.prisma, 'dimostrativo');
    expect(tenant.pushTokenHash).not.toContain(token);
    expect(visibleText((await admin.get(`${T}/admin/impostazioni`)).text)).not.toContain(token);

    expect((await push('dimostrativo', token)).status).toBe(400);
    expect((await push('dimostrativo', ctx.config.pagopa.pushToken)).status).toBe(401);
    expect((await push(FOREIGN.dimostrativo, token)).status).toBe(401);
    expect((await push(FOREIGN.dimostrativo, ctx.config.pagopa.pushToken)).status).toBe(400);

    await postFrom(admin, `${T}/admin/impostazioni`, `${T}/admin/impostazioni/token-pagopa/revoca`);
    expect((await push('dimostrativo', token)).status).toBe(401);
    expect((await push('dimostrativo', ctx.config.pagopa.pushToken)).status).toBe(400);
  });
});

describe('two Comuni', () => {
  it("a clerk or admin of one Comune never reaches the other's news, messages, audit, settings or staff", async () => {
    const borgoverde = await demoTenant(ctx.prisma, 'borgoverde');
    const foreignNews = await ctx.prisma.news.findFirstOrThrow({ where: { tenantId: borgoverde.id } });
    const foreignAccount = await ctx.prisma.localAccount.findFirstOrThrow({ where: { tenantId: borgoverde.id, username: 'operatore' } });
    const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: borgoverde.id } });
    const foreignMessage = await ctx.prisma.contactMessage.create({
      data: {
        tenantId: borgoverde.id,
        kind: 'CONTACT',
        guardianId: guardian.id,
        fromFiscalCode: guardian.fiscalCode,
        fromName: 'X',
        subject: 'Riservato Borgoverde',
        body: 'Messaggio di un altro Comune.',
      },
    });
    const admin = await staffAgent(ctx, 'dimostrativo', 'admin');
    const gets = [
      `/admin/news/${foreignNews.id}`,
      `/admin/messaggi/${foreignMessage.id}`,
      `/admin/personale/${foreignAccount.id}`,
      `/admin/news/not-a-uuid`,
    ];
    for (const path of gets) expect((await admin.get(`${T}${path}`)).status, path).toBe(404);
    const posts = [
      [`/admin/news/${foreignNews.id}/ritira`, {}],
      [`/admin/news/${foreignNews.id}/pubblica`, {}],
      [`/admin/messaggi/${foreignMessage.id}/risposta`, { risposta: 'Intrusione' }],
      [`/admin/messaggi/${foreignMessage.id}/stato`, { stato: 'CLOSED' }],
      [`/admin/messaggi/${foreignMessage.id}/assegna`, { assegnatario: '' }],
      [`/admin/personale/${foreignAccount.id}/disattiva`, {}],
      [`/admin/personale/${foreignAccount.id}/password`, {}],
      [`/admin/personale/${foreignAccount.id}`, { nome: 'Intruso', ruolo: 'ADMIN' }],
    ] as const;
    for (const [path, fields] of posts) expect((await postFrom(admin, `${T}/admin/news`, `${T}${path}`, fields)).status, path).toBe(404);
    expect((await ctx.prisma.news.findUniqueOrThrow({ where: { id: foreignNews.id } })).status).toBe(foreignNews.status);
    expect(await ctx.prisma.contactEvent.count({ where: { messageId: foreignMessage.id } })).toBe(0);
    expect((await ctx.prisma.localAccount.findUniqueOrThrow({ where: { id: foreignAccount.id } })).disabledAt).toBeNull();

    const list = visibleText((await admin.get(`${T}/admin/messaggi?stato=tutti`)).text);
    expect(list).not.toContain('Riservato Borgoverde');
    const audit = await admin.get(`${T}/admin/audit/export.csv`).buffer(true);
    expect(audit.text).not.toContain(foreignAccount.id);
    // a login to one Comune means nothing in the other
    expect((await admin.get(`${B}/admin/impostazioni`)).status).toBe(302);
  });
});
