// A parent who chose English files pratiche in English: the step refusals, the shared checks (tax code, dates,
// IBAN, uploads, a field the form lost), the closed window; back in Italian, the same refusal is Italian again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../helpers/http.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { visibleText } from '../admin-canteen/support.ts';
import { AN_EXE, demoFamily, openWindow, P, pressStart, postStep, postStepWithFile, startPratica } from './support.ts';

let ctx: TestContext;
let parent: Agent;
let tenantId: string;
let child: { id: string };

const inLanguage = (lang: 'it' | 'en') => parent.get(`/lingua/${lang}?ritorno=${encodeURIComponent(P)}`).expect(303);

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  ({ tenantId, parent, child } = await demoFamily(ctx));
  await inLanguage('en');
});

afterAll(() => ctx.close());

describe('pratiche in English', () => {
  it('a closed pratica says so in English', async () => {
    const start = await pressStart(parent, 'cambio-residenza');
    expect(start.status).toBe(302);
    const page = visibleText((await parent.get(start.headers.location)).text);
    expect(page).toContain('This application is not open now: check the dates on the service page.');
    expect(page).not.toContain('pratiche.errors');
  });

  it('refuses a wrong address, a date that does not exist and a missing field in English, keeping what was typed', async () => {
    await openWindow(ctx.prisma, tenantId, 'RESIDENCE');
    const id = await startPratica(parent, 'cambio-residenza');
    const response = await postStep(parent, id, 'indirizzo', {
      residenceStreet: '',
      residenceZip: '123',
      residenceCity: 'Bergamo',
      residenceProv: 'Bergamo',
      movedOn: '31/02/2026',
    });
    expect(response.status).toBe(422);
    const text = visibleText(response.text);
    expect(text).toContain('Write the street and house number.');
    expect(text).toContain('The postcode (CAP) has 5 digits.');
    expect(text).toContain('The province is its 2-letter code, for example BG.');
    expect(text).toContain('Enter a valid date in the format dd/mm/yyyy.');
    expect(response.text).toContain('value="31/02/2026"');

    await openWindow(ctx.prisma, tenantId, 'CERTIFICATE');
    const certificate = await startPratica(parent, 'certificazione-mensa');
    const lost = await postStep(parent, certificate, 'richiesta', { studentId: child.id, note: '' });
    expect(lost.status).toBe(422);
    expect(visibleText(lost.text)).toContain('Fill in this field.');
  });

  it("refuses a new child's wrong tax code and missing name, a bad IBAN and an executable in English", async () => {
    await openWindow(ctx.prisma, tenantId, 'ENROLLMENT');
    const id = await startPratica(parent, 'iscrizione-mensa');
    const newChild = await postStep(parent, id, 'alunno', {
      studentId: '',
      fiscalCode: 'RSSMRA15C52F205Y',
      firstName: '',
      lastName: 'Rossi',
      birthDate: '12/03/2015',
      birthPlace: 'Milano',
      birthProvince: 'Milano',
      sex: 'F',
    });
    expect(newChild.status).toBe(422);
    const text = visibleText(newChild.text);
    expect(text).toContain('The tax code is not valid: check that you wrote it as on the health insurance card');
    expect(text).toContain("Enter the pupil's first name.");
    expect(text).toContain('The province of birth is a 2-letter code (EE for those born abroad).');

    const iban = await postStep(parent, id, 'pagamento', { paymentMethod: 'SDD', iban: 'IT60X0542811101000000123457', debtorName: '' });
    expect(visibleText(iban.text)).toContain('The IBAN is not valid: its check digits do not match');

    await openWindow(ctx.prisma, tenantId, 'DIET');
    const diet = await startPratica(parent, 'dieta-speciale', child.id);
    expect((await postStep(parent, diet, 'alunno', { studentId: child.id })).status).toBe(302);
    const exe = await postStepWithFile(
      parent,
      diet,
      'dieta',
      { dietKind: 'MEDICAL', dietCode: 'SENZA_GLUTINE', dietNote: '' },
      { field: 'dietCertificate', name: 'certificato.pdf', bytes: AN_EXE, type: 'application/pdf' },
    );
    expect(exe.status).toBe(422);
    expect(visibleText(exe.text)).toContain('The file is not a PDF, a JPEG or a PNG');
  });

  it('gives the same refusal in Italian once the parent switches back', async () => {
    await inLanguage('it');
    const [draft] = await ctx.prisma.application.findMany({ where: { tenantId, type: 'RESIDENCE', state: 'DRAFT' } });
    const response = await postStep(parent, draft.id, 'indirizzo', {
      residenceStreet: '',
      residenceZip: '24100',
      residenceCity: 'Bergamo',
      residenceProv: 'BG',
      movedOn: '2026-02-31',
    });
    const text = visibleText(response.text);
    expect(text).toContain('Scrivi la via e il numero civico.');
    expect(text).toContain('Inserisci una data valida nel formato gg/mm/aaaa.');
  });
});
