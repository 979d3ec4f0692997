// Shared by the pratiche tests: a family drives a pratica over HTTP as a browser would (each form's own CSRF token),
// and a clerk opens the windows.
import { expect } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import type { ApplicationType } from '../../../src/generated/prisma/enums.ts';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { agentFor, csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import type { TestContext } from '../../helpers/test-app.ts';
import { demoTenant } from '../admin-canteen/support.ts';

export const P = '/dimostrativo/pratiche';

/** The demo parent logged in, in the demo Comune, with her first child by name. */
export async function demoFamily(ctx: TestContext) {
  const tenantId = (await demoTenant(ctx.prisma, 'dimostrativo')).id;
  const parent = agentFor(ctx.app);
  await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
  const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId, fiscalCode: DEMO_PARENT.fiscalCode } });
  const child = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, guardianId: guardian.id }, orderBy: { firstName: 'asc' } });
  return { tenantId, parent, child };
}

export async function openWindow(
  prisma: Db,
  tenantId: string,
  type: ApplicationType,
  window: { opensOn?: string; closesOn?: string; schoolYear?: string } = {},
) {
  return prisma.applicationWindow.create({
    data: {
      tenantId,
      type,
      schoolYear: type === 'ENROLLMENT' ? (window.schoolYear ?? '2026/2027') : null,
      opensOn: new Date(window.opensOn ?? '2026-11-01'),
      closesOn: new Date(window.closesOn ?? '2026-11-30'),
      createdBy: 'test',
    },
  });
}

/** Presses "start" on a pratica's service page (for a child, or none), with that page's token. */
export async function pressStart(agent: Agent, slug: string, studentId = '') {
  const page = await agent.get(`${P}/servizio/${slug}`);
  expect(page.status).toBe(200);
  return agent
    .post(`${P}/servizio/${slug}/avvia`)
    .type('form')
    .send({ alunno: studentId, _csrf: csrfTokenFrom(page.text) });
}

/** Starts a pratica from its service page (for a child, or none) and accepts the privacy notice; gives its id. */
export async function startPratica(agent: Agent, slug: string, studentId = ''): Promise<string> {
  const started = await pressStart(agent, slug, studentId);
  expect(started.status).toBe(302);
  const id = /\/pratiche\/([0-9a-f-]{36})\/privacy$/.exec(started.headers.location)![1];
  const privacy = await agent.get(`${P}/${id}/privacy`);
  const accepted = await agent
    .post(`${P}/${id}/privacy`)
    .type('form')
    .send({ consenso: 'on', _csrf: csrfTokenFrom(privacy.text) });
  expect(accepted.status).toBe(302);
  return id;
}

/** Posts one step (Avanti by default, or Sospendi) with the step page's token. */
export async function postStep(agent: Agent, id: string, step: string, fields: Record<string, string | string[]>, azione = 'avanti') {
  const page = await agent.get(`${P}/${id}/passo/${step}`);
  expect(page.status).toBe(200);
  return agent
    .post(`${P}/${id}/passo/${step}`)
    .type('form')
    .send({ ...fields, azione, _csrf: csrfTokenFrom(page.text) });
}

/** Posts a step with files, as a multipart form (the token first, as the browser sends it). */
export async function postStepWithFile(
  agent: Agent,
  id: string,
  step: string,
  fields: Record<string, string>,
  file: { field: string; name: string; bytes: Buffer; type: string },
) {
  const page = await agent.get(`${P}/${id}/passo/${step}`);
  let request = agent.post(`${P}/${id}/passo/${step}`).field('_csrf', csrfTokenFrom(page.text)).field('azione', 'avanti');
  for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
  return request.attach(file.field, file.bytes, { filename: file.name, contentType: file.type });
}

export async function submitPratica(agent: Agent, id: string) {
  const summary = await agent.get(`${P}/${id}/riepilogo`);
  expect(summary.status).toBe(200);
  return agent
    .post(`${P}/${id}/invia`)
    .type('form')
    .send({ _csrf: csrfTokenFrom(summary.text) });
}

/** A tiny valid PDF: what the sniffer must accept. */
export const A_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** A Windows executable's first bytes, named like a PDF: the sniffer must refuse it. */
export const AN_EXE = Buffer.concat([
  Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'binary'),
  Buffer.alloc(512, 0),
]);

/** Every enrollment step for a returning child (the family's own), valid as a whole. */
export function enrollmentSteps(studentId: string, schoolId: string) {
  return {
    alunno: { studentId },
    scuola: { schoolId, classId: '', mealWeekdays: ['1', '3'] },
    dieta: { dietRequested: 'NO' },
    isee: { isee: '', dsuProtocol: '' },
    pagamento: { paymentMethod: 'PAGOPA', iban: '', debtorName: '' },
    dichiarazioni: { declareTruth: 'on', declareTariffs: 'on' },
  };
}
