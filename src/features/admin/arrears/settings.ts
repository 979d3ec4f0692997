// Impostazioni › Morosità: the Comune's messa a ruolo rule and re-enrolment threshold.
import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db } from '../../../db/client.ts';
import type { Tenant } from '../../../generated/prisma/client.ts';
import type { ArrearsSettingsInput } from './schemas.ts';

type ArrearsSettings = Pick<
  Tenant,
  'collectionAfterDays' | 'collectionAfterReminders' | 'reenrolmentArrearsCents' | 'reenrolmentArrearsDays'
>;

const SELECT = { collectionAfterDays: true, collectionAfterReminders: true, reenrolmentArrearsCents: true, reenrolmentArrearsDays: true };

/** The form's fields as they are now. */
export function arrearsSettingsValues(tenant: ArrearsSettings, euroPlain: (cents: number) => string): Record<string, string> {
  return {
    ruoloGiorni: String(tenant.collectionAfterDays),
    ruoloSolleciti: String(tenant.collectionAfterReminders),
    soglia: euroPlain(tenant.reenrolmentArrearsCents),
    sogliaGiorni: String(tenant.reenrolmentArrearsDays),
  };
}

export async function updateArrearsSettings(db: Db, input: { tenantId: string; actor: Actor; data: ArrearsSettingsInput }) {
  const { data } = input;
  await inTransaction(db, async (tx) => {
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: input.tenantId }, select: SELECT });
    const after = await tx.tenant.update({
      where: { id: input.tenantId },
      data: {
        collectionAfterDays: data.ruoloGiorni,
        collectionAfterReminders: data.ruoloSolleciti,
        reenrolmentArrearsCents: data.soglia,
        reenrolmentArrearsDays: data.sogliaGiorni,
      },
      select: SELECT,
    });
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'SETTINGS_ARREARS_UPDATED',
      entityType: 'Tenant',
      entityId: input.tenantId,
      before,
      after,
    });
  });
}
