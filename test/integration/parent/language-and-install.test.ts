// The parent's language (Italiano / English): chosen in the header, kept across the login in the session and in a
// cookie, on <html lang>, and followed by the PDFs; the per-Comune web app manifest; the CSP without 'unsafe-inline'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT_BORGOVERDE } from '../../../prisma/seed/identities.ts';
import { agentFor, submitForm } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
});
afterAll(() => ctx?.close());

describe('language switch', () => {
  it('switches a parent to English before logging in, keeps it after the login, and prints the PDF in English', async () => {
    const parent = agentFor(ctx.app);
    expect((await parent.get('/borgoverde/')).text).toContain('<html lang="it">');
    const chosen = await parent.get(`/lingua/en?ritorno=${encodeURIComponent('/borgoverde/')}`);
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/borgoverde/');
    expect(String(chosen.headers['set-cookie'])).toMatch(/lang=en;.*HttpOnly/);
    await loginAsCitizen(parent, 'borgoverde', DEMO_PARENT_BORGOVERDE.fiscalCode);

    const home = await parent.get('/borgoverde/home');
    expect(home.text).toContain('<html lang="en">');
    expect(home.text).toContain('My area');
    expect(home.text).toContain('data-qa="language-it"');

    const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'borgoverde' } });
    const guardian = await ctx.prisma.guardian.findFirstOrThrow({
      where: { tenantId: tenant.id, fiscalCode: DEMO_PARENT_BORGOVERDE.fiscalCode },
    });
    const invoice = await ctx.prisma.invoice.findFirstOrThrow({ where: { tenantId: tenant.id, guardianId: guardian.id, kind: 'SERVICE' } });
    const english = pdfText((await download(parent, `/borgoverde/documenti/${invoice.id}/pdf`)).body as Buffer);
    expect(english).toContain(`Accounting document no. ${invoice.number}`);
    expect(english).toContain('How to pay');

    const refused = await submitForm(parent, '/borgoverde/contatti', '/borgoverde/contatti', {
      oggetto: 'Menu',
      messaggio: 'Hi',
      email: 'x',
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Please correct the following errors:');
    expect(refused.text).toContain('Write the message (at least 10 characters).');
    expect(refused.text).toContain('Enter a valid e-mail address, for example name@example.com.');

    await parent.get('/lingua/it?ritorno=/borgoverde/home');
    const rifiutato = await submitForm(parent, '/borgoverde/contatti', '/borgoverde/contatti', {
      oggetto: 'Menu',
      messaggio: 'Ciao',
      email: 'x',
    });
    expect(rifiutato.text).toContain('Scrivi il messaggio (almeno 10 caratteri).');
    const italian = pdfText((await download(parent, `/borgoverde/documenti/${invoice.id}/pdf`)).body as Buffer);
    expect(italian).toContain(`Documento contabile n. ${invoice.number}`);
  });

  it('remembers the language in the cookie alone, and goes back only to a path of this site', async () => {
    const visitor = agentFor(ctx.app);
    expect((await visitor.get('/dimostrativo/').set('Cookie', 'lang=en')).text).toContain('<html lang="en">');
    expect((await visitor.get('/dimostrativo/').set('Cookie', 'lang=xx')).text).toContain('<html lang="it">');
    for (const target of ['//evil.example/', 'https://evil.example/', '/\\evil.example'])
      expect((await visitor.get(`/lingua/en?ritorno=${encodeURIComponent(target)}`)).headers.location).toBe('/');
    expect(String((await visitor.get('/lingua/fr?ritorno=/dimostrativo/')).headers['set-cookie'])).not.toContain('lang=');
  });
});

describe('installable portal', () => {
  it('serves a web app manifest per Comune, linked from every page, with icons we serve', async () => {
    const agent = agentFor(ctx.app);
    expect((await agent.get('/dimostrativo/')).text).toContain('<link rel="manifest" href="/dimostrativo/manifest.webmanifest">');
    const res = await agent.get('/dimostrativo/manifest.webmanifest');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = JSON.parse(res.text) as {
      name: string;
      display: string;
      start_url: string;
      scope: string;
      theme_color: string;
      icons: { src: string; sizes: string }[];
    };
    expect(manifest).toMatchObject({
      display: 'standalone',
      start_url: '/dimostrativo/home',
      scope: '/dimostrativo/',
      theme_color: '#0066cc',
    });
    expect(manifest.name).toContain('Comune Dimostrativo');
    expect(JSON.parse((await agent.get('/borgoverde/manifest.webmanifest')).text).name).toContain('Comune di Borgo Verde');
    for (const icon of manifest.icons) {
      const png = await agent.get(icon.src);
      expect(png.status).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      const side = Number(icon.sizes.split('x')[0]);
      expect((png.body as Buffer).readUInt32BE(16)).toBe(side);
    }
  });

  it('keeps a Content Security Policy without unsafe-inline, with data: only for fonts and images', async () => {
    const csp = String((await agentFor(ctx.app).get('/dimostrativo/')).headers['content-security-policy']);
    expect(csp).not.toContain('unsafe-inline');
    const withData = csp.split(';').filter((directive) => directive.includes('data:'));
    expect(withData.map((directive) => directive.trim().split(' ')[0]).sort()).toEqual(['font-src', 'img-src']);
  });
});
