// The re-enrolment check in the clerk's review: an enrollment pratica of a family over the Comune's arrears threshold
// shows the flag (amount, oldest delay, a link to the family) in the queue and on the pratica; it never blocks deciding.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationType } from '../../../src/generated/prisma/enums.ts';
import type { Agent } from '../../helpers/http.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { visibleText } from '../admin-canteen/support.ts';
import { anArrearsComune, loggedIn, type ArrearsComune } from '../arrears/support.ts';

const ctx = useTestContext();
let comune: ArrearsComune;
let clerk: Agent;
let base: string;
let serial = 0;

function aPratica(guardianId: string, type: ApplicationType) {
  serial += 1;
  return ctx.prisma.application.create({
    data: {
      tenantId: comune.tenant.id,
      type,
      state: 'IN_REVIEW',
      guardianId,
      schoolYear: type === 'ENROLLMENT' ? '2027/2028' : null,
      payload: { steps: {} },
      protocolNumber: `2026/${String(serial).padStart(6, '0')}`,
      submittedAt: new Date('2026-11-10T09:00:00Z'),
      reviewStartedAt: new Date('2026-11-11T09:00:00Z'),
    },
  });
}

beforeAll(async () => {
  comune = await anArrearsComune(ctx);
  // Verdi owes 40,00 overdue by 141 days: over this threshold; Rossi owes 75,00, none of it 90 days old
  await ctx.prisma.tenant.update({ where: { id: comune.tenant.id }, data: { reenrolmentArrearsCents: 4000, reenrolmentArrearsDays: 90 } });
  clerk = await loggedIn(ctx, comune.tenant.slug, comune.clerk);
  base = `/${comune.tenant.slug}/admin/pratiche`;
});

describe('the arrears flag on enrollment pratiche', () => {
  it('shows on the enrollment of a family over the threshold, with amount, delay and the family’s page, and still lets the clerk decide', async () => {
    const pratica = await aPratica(comune.verdi.id, 'ENROLLMENT');
    const page = await clerk.get(`${base}/${pratica.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-qa="arrears-flag"');
    expect(visibleText(page.text)).toContain('La famiglia ha 40,00 € scaduti e non pagati, il più vecchio da 141 giorni.');
    expect(page.text).toContain(`href="/${comune.tenant.slug}/admin/anagrafica/intestatari/${comune.verdi.id}"`);
    expect(page.text).toContain('data-qa="decision-form"');

    const queue = await clerk.get(base);
    const row = queue.text.split('<tr').find((r) => r.includes(pratica.id))!;
    expect(row).toContain('data-qa="arrears-marker"');
  });

  it('does not show for a family under the threshold, nor on a pratica that is not an enrollment', async () => {
    const under = await aPratica(comune.rossi.id, 'ENROLLMENT');
    const other = await aPratica(comune.verdi.id, 'CERTIFICATE');
    for (const pratica of [under, other]) {
      const page = await clerk.get(`${base}/${pratica.id}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('data-qa="arrears-flag"');
    }
    const queue = await clerk.get(base);
    for (const pratica of [under, other]) {
      const row = queue.text.split('<tr').find((r) => r.includes(pratica.id))!;
      expect(row).not.toContain('data-qa="arrears-marker"');
    }
  });
});
