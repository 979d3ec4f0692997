// A family files pratiche: the windows decide what can be started, SOSPENDI keeps a draft to resume, INVIA
// numbers it and makes it read-only, files are sniffed; another family's pratica is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT_NO_EMAIL } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { staffAgent, visibleText } from '../admin-canteen/support.ts';
import {
  AN_EXE,
  A_PDF,
  demoFamily,
  enrollmentSteps,
  openWindow,
  P,
  postStep,
  postStepWithFile,
  pressStart,
  startPratica,
  submitPratica,
} from './support.ts';

let ctx: TestContext;
let parent: Agent;
let tenantId: string;
let child: { id: string; schoolId: string };

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  ({ tenantId, parent, child } = await demoFamily(ctx));
});

afterAll(() => ctx.close());

describe('windows', () => {
  it('shows every type closed with its dates, and refuses to start one outside its window', async () => {
    await openWindow(ctx.prisma, tenantId, 'RESIDENCE', { opensOn: '2026-05-01', closesOn: '2026-06-30' });
    const page = await parent.get(P);
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Comunicazione cambio di residenza');
    expect(text).toContain('si poteva presentare dal 01/05/2026 al 30/06/2026');
    expect(text).toContain('al momento non è aperta');
    const start = await pressStart(parent, 'cambio-residenza');
    expect(start.status).toBe(302);
    expect(await ctx.prisma.application.count({ where: { tenantId } })).toBe(0);
  });

  it('shows an open type with its closing day and school year', async () => {
    await openWindow(ctx.prisma, tenantId, 'ENROLLMENT');
    await openWindow(ctx.prisma, tenantId, 'DIET');
    const text = visibleText((await parent.get(P)).text);
    expect(text).toMatch(/Iscrizione al servizio mensa.*Aperta fino al 30\/11\/2026 — A\.S\. 2026\/2027/);
  });
});

describe('an enrollment draft', () => {
  let id: string;

  it('is pre-filled for a returning child from this year', async () => {
    id = await startPratica(parent, 'iscrizione-mensa', child.id);
    const draft = await ctx.prisma.application.findUniqueOrThrow({ where: { id } });
    expect(draft).toMatchObject({ state: 'DRAFT', type: 'ENROLLMENT', schoolYear: '2026/2027', protocolNumber: null });
    expect((draft.payload as { steps: Record<string, Record<string, unknown>> }).steps.scuola.schoolId).toBe(child.schoolId);
  });

  it('refuses a wrong step with a message, keeps what was typed and saves nothing', async () => {
    const before = await ctx.prisma.application.findUniqueOrThrow({ where: { id } });
    const response = await postStep(parent, id, 'pagamento', { paymentMethod: 'SDD', iban: 'IT60X0542811101000000123457' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('le cifre di controllo non corrispondono');
    expect(response.text).toContain('IT60X0542811101000000123457');
    expect((await ctx.prisma.application.findUniqueOrThrow({ where: { id } })).payload).toEqual(before.payload);
  });

  it('SOSPENDI keeps a half-filled step; the draft resumes at the first step that does not pass', async () => {
    const steps = enrollmentSteps(child.id, child.schoolId);
    expect((await postStep(parent, id, 'alunno', steps.alunno)).status).toBe(302);
    const suspended = await postStep(parent, id, 'scuola', { schoolId: child.schoolId, mealWeekdays: [] }, 'sospendi');
    expect(suspended.status).toBe(302);
    expect(suspended.headers.location).toBe(`${P}/mie`);
    const mine = await parent.get(`${P}/mie`);
    expect(visibleText(mine.text)).toContain('Bozza');
    const resume = await parent.get(`${P}/${id}/riprendi`);
    expect(resume.headers.location).toBe(`${P}/${id}/passo/scuola`);
    const step = await parent.get(`${P}/${id}/passo/scuola`);
    expect(step.text).toContain(`value="${child.schoolId}" selected`);
  });

  it('INVIA with a step missing sends the family back to it', async () => {
    const response = await submitPratica(parent, id);
    expect(response.headers.location).toBe(`${P}/${id}/passo/scuola`);
    expect((await ctx.prisma.application.findUniqueOrThrow({ where: { id } })).state).toBe('DRAFT');
  });

  it('INVIA numbers it, makes it read-only and gives a PDF receipt', async () => {
    for (const [step, fields] of Object.entries(enrollmentSteps(child.id, child.schoolId))) {
      expect((await postStep(parent, id, step, fields)).status, step).toBe(302);
    }
    expect((await submitPratica(parent, id)).status).toBe(302);
    const submitted = await ctx.prisma.application.findUniqueOrThrow({ where: { id } });
    expect(submitted).toMatchObject({ state: 'SUBMITTED', protocolNumber: '2026/000001', studentId: child.id });
    expect((await parent.get(`${P}/${id}/passo/scuola`)).headers.location).toBe(`${P}/${id}/`);
    const edit = await parent
      .post(`${P}/${id}/passo/scuola`)
      .type('form')
      .send({ _csrf: csrfTokenFrom((await parent.get(`${P}/mie`)).text), schoolId: child.schoolId });
    expect(edit.status).toBe(302);
    expect((await ctx.prisma.application.findUniqueOrThrow({ where: { id } })).payload).toEqual(submitted.payload);
    const detail = visibleText((await parent.get(`${P}/${id}`)).text);
    expect(detail).toContain('2026/000001');
    expect(detail).toContain('Inviata');
    const pdf = await download(parent, `${P}/${id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain('Protocollo n. 2026/000001');
    expect(text).toContain('Iscrizione al servizio mensa');
    expect(text).toContain('Lunedì, Mercoledì');
  });
});

describe('uploads', () => {
  let id: string;
  const dietFields = (studentId: string) => ({ dietKind: 'MEDICAL', dietCode: 'SENZA_GLUTINE', dietNote: '', studentId });

  it('refuses an executable renamed .pdf, whatever type the browser claims', async () => {
    id = await startPratica(parent, 'dieta-speciale', child.id);
    expect((await postStep(parent, id, 'alunno', { studentId: child.id })).status).toBe(302);
    const response = await postStepWithFile(parent, id, 'dieta', dietFields(child.id), {
      field: 'dietCertificate',
      name: 'certificato.pdf',
      bytes: AN_EXE,
      type: 'application/pdf',
    });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Il file non è un PDF, un JPEG o un PNG');
    expect(await ctx.prisma.attachment.count({ where: { applicationId: id } })).toBe(0);
  });

  it('refuses a file over the size limit', async () => {
    const big = Buffer.concat([A_PDF, Buffer.alloc(5 * 1024 * 1024 + 1, 32)]);
    const response = await postStepWithFile(parent, id, 'dieta', dietFields(child.id), {
      field: 'dietCertificate',
      name: 'grande.pdf',
      bytes: big,
      type: 'application/pdf',
    });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Il file supera 5 MB');
    expect(await ctx.prisma.attachment.count({ where: { applicationId: id } })).toBe(0);
  });

  it('requires the certificate for a medical diet, and keeps a real PDF with the pratica as a diet certificate', async () => {
    const missing = await postStep(parent, id, 'dieta', dietFields(child.id));
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Allega il certificato medico');
    const response = await postStepWithFile(parent, id, 'dieta', dietFields(child.id), {
      field: 'dietCertificate',
      name: 'certificato.exe',
      bytes: A_PDF,
      type: 'application/octet-stream',
    });
    expect(response.status).toBe(302);
    const [file] = await ctx.prisma.attachment.findMany({ where: { applicationId: id } });
    expect(file).toMatchObject({ kind: 'DIET_CERTIFICATE', mimeType: 'application/pdf', fileName: 'certificato.pdf', studentId: null });
    const back = await download(parent, `${P}/${id}/allegati/${file.id}`);
    expect(back.status).toBe(200);
    expect(Buffer.compare(back.body as Buffer, A_PDF)).toBe(0);
  });

  it('the diet certificate is never shown to a cashier', async () => {
    const file = await ctx.prisma.attachment.findFirstOrThrow({ where: { applicationId: id } });
    await submitPratica(parent, id);
    const cashier = await staffAgent(ctx, 'dimostrativo', 'cassa');
    expect((await cashier.get(`/dimostrativo/admin/pratiche/${id}/allegati/${file.id}`)).status).toBe(404);
    expect((await cashier.get(`/dimostrativo/admin/pratiche/${id}`)).status).toBe(404);
    expect((await cashier.get(`${P}/${id}/allegati/${file.id}`)).status).toBe(404);
  });
});

describe('isolation', () => {
  it("another family's pratica, its PDF and its files are not found", async () => {
    const mine = await ctx.prisma.application.findFirstOrThrow({
      where: { tenantId, state: 'SUBMITTED', type: 'DIET' },
      include: { attachments: true },
    });
    const other = agentFor(ctx.app);
    await loginAsCitizen(other, 'dimostrativo', DEMO_PARENT_NO_EMAIL.fiscalCode);
    for (const url of [
      `${P}/${mine.id}`,
      `${P}/${mine.id}/pdf`,
      `${P}/${mine.id}/riprendi`,
      `${P}/${mine.id}/allegati/${mine.attachments[0].id}`,
    ]) {
      expect((await other.get(url)).status, url).toBe(404);
    }
    expect(visibleText((await other.get(`${P}/mie`)).text)).toContain('Non hai ancora pratiche');
    const borgoverde = await other.get(`/borgoverde/pratiche/${mine.id}`);
    expect([302, 404]).toContain(borgoverde.status);
  });

  it('a foreign child cannot be named in a step', async () => {
    const foreign = await ctx.prisma.student.findFirstOrThrow({
      where: { tenantId, guardian: { fiscalCode: DEMO_PARENT_NO_EMAIL.fiscalCode } },
    });
    const id = await startPratica(parent, 'dieta-speciale');
    const response = await postStep(parent, id, 'alunno', { studentId: foreign.id });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Scegli l&#39;alunno.');
  });
});
