// Two Comuni: a clerk of one never reaches the other's registry records, by any route, with any id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { anAttachment } from '../../helpers/builders.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { demoTenant, staffAgent } from '../admin-canteen/support.ts';

let ctx: TestContext;
let clerk: Agent;
let token: string;
let foreign: { student: string; guardian: string; delegate: string; document: string };
let ownStudent: string;
const R = '/dimostrativo/admin/anagrafica';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  const [own, other] = await Promise.all([demoTenant(ctx.prisma, 'dimostrativo'), demoTenant(ctx.prisma, 'borgoverde')]);
  const student = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: other.id } });
  const delegate = await ctx.prisma.delegate.findFirstOrThrow({ where: { tenantId: other.id } });
  const document = await anAttachment(
    ctx.prisma,
    { tenantId: other.id, studentId: student.id },
    { kind: 'OTHER', title: 'Documento di Borgoverde' },
  );
  foreign = { student: student.id, guardian: student.guardianId, delegate: delegate.id, document: document.id };
  ownStudent = (await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: own.id } })).id;
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
  token = csrfTokenFrom((await clerk.get(`${R}/intestatari/nuovo`)).text);
});

afterAll(() => ctx.close());

const reads = () => [
  `${R}/alunni/${foreign.student}`,
  `${R}/alunni/${foreign.student}/modifica`,
  `${R}/alunni/${foreign.student}/documenti/${foreign.document}`,
  `${R}/alunni/${ownStudent}/documenti/${foreign.document}`,
  `${R}/intestatari/${foreign.guardian}`,
  `${R}/intestatari/${foreign.guardian}/modifica`,
  `${R}/intestatari/${foreign.guardian}/alunni/nuovo`,
  `${R}/delegati/${foreign.delegate}`,
  `${R}/alunni/not-a-uuid`,
];

const writes = () => [
  `${R}/alunni/${foreign.student}/modifica`,
  `${R}/alunni/${foreign.student}/disattiva`,
  `${R}/alunni/${foreign.student}/riattiva`,
  `${R}/alunni/${foreign.student}/elimina`,
  `${R}/alunni/${foreign.student}/sposta`,
  `${R}/alunni/${foreign.student}/badge/blocca`,
  `${R}/alunni/${foreign.student}/badge/sblocca`,
  `${R}/alunni/${foreign.student}/badge/sostituisci`,
  `${R}/alunni/${foreign.student}/documenti`,
  `${R}/intestatari/${foreign.guardian}/modifica`,
  `${R}/intestatari/${foreign.guardian}/disattiva`,
  `${R}/intestatari/${foreign.guardian}/riattiva`,
  `${R}/intestatari/${foreign.guardian}/elimina`,
  `${R}/intestatari/${foreign.guardian}/delegati`,
  `${R}/intestatari/${foreign.guardian}/alunni`,
  `${R}/delegati/${foreign.delegate}`,
  `${R}/delegati/${foreign.delegate}/revoca`,
];

/** Every registry row of the other Comune, to prove nothing there changed. */
const snapshot = async () => {
  const tenantId = (await demoTenant(ctx.prisma, 'borgoverde')).id;
  const [students, guardians, delegates, attachments, badges] = await Promise.all([
    ctx.prisma.student.findMany({ where: { tenantId }, orderBy: { id: 'asc' } }),
    ctx.prisma.guardian.findMany({ where: { tenantId }, orderBy: { id: 'asc' } }),
    ctx.prisma.delegate.findMany({ where: { tenantId }, orderBy: { id: 'asc' } }),
    ctx.prisma.attachment.count({ where: { tenantId } }),
    ctx.prisma.retiredBadge.count({ where: { tenantId } }),
  ]);
  return JSON.stringify({ students, guardians, delegates, attachments, badges });
};

describe('registry of two Comuni', () => {
  it('answers 404 to every page of the other Comune’s students, families, delegates and documents', async () => {
    for (const path of reads()) {
      const res = await clerk.get(path);
      expect(res.status, path).toBe(404);
    }
  });

  it('answers 404 to every write on the other Comune’s records, and changes nothing there', async () => {
    const before = await snapshot();
    const fields = {
      _csrf: token,
      fiscalCode: 'RSSMRA85T10A562S',
      firstName: 'Mario',
      lastName: 'Rossi',
      toFiscalCode: 'RSSMRA85T10A562S',
      reason: 'LOST',
      title: 'Titolo',
      kind: 'OTHER',
    };
    for (const path of writes()) {
      const res = await clerk.post(path).type('form').send(fields);
      expect(res.status, path).toBe(404);
    }
    expect(await snapshot()).toBe(before);
  });

  it('never lists the other Comune’s records in a search', async () => {
    const other = await ctx.prisma.student.findUniqueOrThrow({ where: { id: foreign.student }, include: { guardian: true } });
    for (const [list, q] of [
      ['alunni', other.fiscalCode!],
      ['alunni', other.badgeNumber],
      ['intestatari', other.guardian.fiscalCode],
    ] as const) {
      const res = await clerk.get(`${R}/${list}?q=${encodeURIComponent(q)}&stato=tutti`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('data-qa="empty-state"');
    }
  });

  it('does not let the clerk of one Comune into the other Comune’s admin area', async () => {
    expect((await clerk.get(`/borgoverde/admin/anagrafica/alunni/${foreign.student}`)).status).not.toBe(200);
    expect((await clerk.get('/borgoverde/admin/anagrafica/alunni')).text).not.toContain(foreign.student);
  });
});
