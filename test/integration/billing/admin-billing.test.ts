// The Fatturazione area: a clerk previews November for borgoverde, confirms, follows the run, cancels it.
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeDueDays } from '../../../src/features/canteen/day-close.ts';
import { runBillingRun } from '../../../src/features/billing/worker.ts';
import { createPagoPaGateway } from '../../../src/pagopa/index.ts';
import { csrfTokenFrom, submitForm, type Agent } from '../../helpers/http.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';

const ctx = useTestContext({ demo: true, listen: true });
const B = '/borgoverde/admin/fatturazione';
let clerk: Agent;
let otherClerk: Agent;
let serviceId: string;

beforeAll(async () => {
  clerk = await staffAgent(ctx, 'borgoverde', 'operatore');
  otherClerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
  const tenant = await demoTenant(ctx.prisma, 'borgoverde');
  serviceId = (await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: tenant.id, code: 'REFEZIONE' } })).id;
});

const previewUrl = () => `${B}/anteprima?servizio=${serviceId}&mese=2026-11`;
const runDeps = () => ({
  prisma: ctx.prisma,
  pagopa: createPagoPaGateway(ctx.config),
  clock: ctx.clock,
  logger: pino({ level: 'silent' }),
  config: ctx.config,
});

describe('Fatturazione', () => {
  it('lists the post-paid and flat services, keeps the input and says what is wrong on a bad month', async () => {
    const index = await clerk.get(B);
    expect(index.status).toBe(200);
    expect(index.text).toContain('Refezione scolastica');
    expect(index.text).toContain('href="/borgoverde/admin/fatturazione"');
    const bad = await clerk.get(`${B}/anteprima?servizio=${serviceId}&mese=2026-13`);
    expect(bad.status).toBe(422);
    expect(visibleText(bad.text)).toContain('Indica il mese nel formato aaaa-mm.');
    expect(bad.text).toContain('value="2026-13"');
  });

  it('shows a blocked preview while November is not over, with the confirm button disabled', async () => {
    const page = await clerk.get(previewUrl());
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-qa="anomaly-block"');
    expect(page.text).toMatch(/data-qa="confirm-run" disabled/);
    const refused = await submitForm(clerk, previewUrl(), `${B}/conferma`, { servizio: serviceId, mese: '2026-11' });
    expect(refused.status).toBe(303);
    expect(ctx.sentJobs).toEqual([]);
  });

  it('confirms once November is closed, queues the job, shows the progress and the invoices, and refuses the month again', async () => {
    ctx.setNow('2026-12-01T07:30:00Z');
    await closeDueDays(ctx.prisma, await demoTenant(ctx.prisma, 'borgoverde'), ctx.clock.now());
    // the sessions of 18 November have expired by 1 December
    clerk = await staffAgent(ctx, 'borgoverde', 'operatore');
    otherClerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const preview = await clerk.get(previewUrl());
    expect(preview.text).not.toContain('data-qa="anomaly-block"');
    const families = Number(/data-qa="total-families">(\d+)</.exec(preview.text)![1]);

    const confirmed = await clerk
      .post(`${B}/conferma`)
      .type('form')
      .send({ servizio: serviceId, mese: '2026-11', _csrf: csrfTokenFrom(preview.text) });
    expect(confirmed.status).toBe(303);
    const runUrl = confirmed.headers.location;
    const runId = runUrl.split('/').at(-1)!;
    expect(ctx.sentJobs).toEqual([{ name: 'billing-run', data: { runId }, singletonKey: runId }]);

    const queued = await clerk.get(runUrl);
    expect(queued.text).toContain('data-qa="run-refresh"');
    expect(queued.text).toContain('/static/js/billing-run.js');
    expect((await clerk.get(`${runUrl}/stato`)).body).toMatchObject({ state: 'QUEUED', percent: 0, familiesTotal: families });

    await runBillingRun(runDeps(), runId);
    expect((await clerk.get(`${runUrl}/stato`)).body).toMatchObject({
      state: 'DONE',
      percent: 100,
      familiesDone: families,
      familiesText: `Documenti: ${families} di ${families} famiglie`,
    });
    const done = await clerk.get(runUrl);
    expect(done.text.match(/data-qa="invoice"/g)?.length).toBe(Math.min(families, 25));
    expect(visibleText(done.text)).toContain('Completata');

    const again = await submitForm(clerk, B, `${B}/conferma`, { servizio: serviceId, mese: '2026-11' });
    expect(again.headers.location).toBe(runUrl);
    expect(visibleText((await clerk.get(runUrl)).text)).toContain('già stato fatturato');
    expect(ctx.sentJobs).toHaveLength(1);
  });

  it('answers 404 to a clerk of another Comune, and for an id that is no run', async () => {
    const run = await ctx.prisma.billingRun.findFirstOrThrow();
    expect((await otherClerk.get(`/dimostrativo/admin/fatturazione/${run.id}`)).status).toBe(404);
    expect((await otherClerk.get(`/dimostrativo/admin/fatturazione/${run.id}/stato`)).status).toBe(404);
    expect((await clerk.get(`${B}/non-un-id`)).status).toBe(404);
  });

  it('cancels only with the confirmation ticked, then the invoices are cancelled', async () => {
    const run = await ctx.prisma.billingRun.findFirstOrThrow();
    const runUrl = `${B}/${run.id}`;
    const unticked = await submitForm(clerk, runUrl, `${runUrl}/annulla`, {});
    expect(unticked.status).toBe(303);
    expect(visibleText((await clerk.get(runUrl)).text)).toContain("Spunta la conferma per annullare l'emissione.");
    expect((await ctx.prisma.billingRun.findUniqueOrThrow({ where: { id: run.id } })).state).toBe('DONE');

    await submitForm(clerk, runUrl, `${runUrl}/annulla`, { conferma: 'si' });
    expect((await ctx.prisma.billingRun.findUniqueOrThrow({ where: { id: run.id } })).state).toBe('CANCELLED');
    expect(await ctx.prisma.invoice.count({ where: { billingRunId: run.id, state: { not: 'CANCELLED' } } })).toBe(0);
    expect(visibleText((await clerk.get(runUrl)).text)).toContain('Emissione annullata');
  });
});
