import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { NotFoundError } from '../../web/errors.ts';
import { payableRows } from '../payments/service.ts';
import { topUpChoices } from '../payments/topups.ts';

/**
 * The staff member, acting at the desk for one family: the parent-side services (unpaid rows, avvisi, top-ups)
 * are scoped by `guardianIds`, so with this they read and write that family only, and audit the staff account
 * (actorOf sees the account and role).
 */
export function actingForFamily(auth: SessionAuth, guardianId: string): SessionAuth {
  return { ...auth, guardianIds: [guardianId], ownGuardianId: null };
}

/** The family behind a desk URL; another Comune's (or a made-up id) is 404. */
export async function deskGuardian(prisma: Db, tenantId: string, guardianId: string | undefined) {
  if (!guardianId || !/^[0-9a-f-]{36}$/i.test(guardianId)) throw new NotFoundError();
  const guardian = await prisma.guardian.findFirst({
    where: { id: guardianId, tenantId },
    include: { students: { where: { tenantId }, orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }], include: { school: true } } },
  });
  if (!guardian) throw new NotFoundError();
  return guardian;
}

/** What the desk shows of a family: what it owes, what it can top up, and what was paid here. */
export async function deskFamilyPage(prisma: Db, auth: SessionAuth, guardianId: string | undefined, today: IsoDate) {
  const guardian = await deskGuardian(prisma, auth.tenantId, guardianId);
  const family = actingForFamily(auth, guardian.id);
  const [rows, topUps, deskPayments] = await Promise.all([
    payableRows(prisma, family, today),
    topUpChoices(prisma, family, today),
    prisma.deskPayment.findMany({
      where: { tenantId: auth.tenantId, guardianId: guardian.id },
      include: { notice: { select: { noticeNumber: true, subject: true } } },
      orderBy: { paidAt: 'desc' },
      take: 10,
    }),
  ]);
  return { guardian, rows, topUps, deskPayments };
}
