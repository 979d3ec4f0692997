import { actorOf } from '../../audit.ts';
import type { SessionAuth } from '../../auth/session-auth.ts';
import type { Db } from '../../db/client.ts';
import { romeDateOf, type IsoDate } from '../../domain/dates.ts';
import { formatEuro } from '../../domain/money.ts';
import { expiringNoticeDueOn } from '../../domain/notice-expiry.ts';
import type { PaymentNotice, Tenant } from '../../generated/prisma/client.ts';
import { cancelNotice, issueNotice } from '../../pagopa/notices.ts';
import { localizedRefusal, NotFoundError } from '../../web/errors.ts';
import { formError, type FormErrors } from '../../web/forms.ts';
import { familyStudentWhere } from '../family/scope.ts';
import { isExpired, shownNoticeStates, type PaymentDeps } from './service.ts';

/** The children and services a family can top up: one wallet per child and service. */
export async function topUpChoices(prisma: Db, auth: SessionAuth, today: IsoDate) {
  const wallets = await prisma.wallet.findMany({
    where: { tenantId: auth.tenantId, student: familyStudentWhere(auth) },
    include: { student: true, service: true },
    orderBy: [{ student: { lastName: 'asc' } }, { student: { firstName: 'asc' } }],
  });
  const students = new Map<string, string>();
  const services = new Map<string, string>();
  for (const wallet of wallets) {
    students.set(wallet.studentId, `${wallet.student.firstName} ${wallet.student.lastName}`);
    services.set(wallet.serviceId, wallet.service.name);
  }
  const notices = await prisma.paymentNotice.findMany({
    where: { tenantId: auth.tenantId, purpose: 'TOP_UP', OR: shownNoticeStates(today), student: familyStudentWhere(auth) },
    include: { student: true },
    orderBy: { createdAt: 'desc' },
  });
  return {
    students: [...students].map(([id, name]) => ({ id, name })),
    services: [...services].map(([id, name]) => ({ id, name })),
    notices: notices.map((notice) => ({ ...notice, expired: isExpired(notice, today) })),
  };
}

type TopUpInput = { studentId: string; serviceId: string; amountCents: number };

/** The child and wallet a top-up is for; an unknown pairing is a form error, a foreign child a 404. */
export async function topUpTarget(prisma: Db, tenant: Tenant, auth: SessionAuth, input: TopUpInput) {
  const student = await prisma.student.findFirst({
    where: { id: input.studentId, ...familyStudentWhere(auth) },
    include: { guardian: true },
  });
  if (!student) throw new NotFoundError();
  const wallet = await prisma.wallet.findFirst({
    where: { tenantId: tenant.id, studentId: student.id, serviceId: input.serviceId },
    include: { service: true },
  });
  if (!wallet) return { ok: false as const, errors: formError('servizio', 'payments.refusals.noTopUpForService') };
  return { ok: true as const, student, wallet };
}

/** Issues a top-up notice for a child's wallet. */
export async function createTopUpNotice(
  deps: PaymentDeps,
  tenant: Tenant,
  auth: SessionAuth,
  input: TopUpInput,
): Promise<{ ok: true; notice: PaymentNotice } | { ok: false; errors: FormErrors }> {
  const target = await topUpTarget(deps.prisma, tenant, auth, input);
  if (!target.ok) return target;
  const { student, wallet } = target;
  const { guardian } = student;
  const notice = await issueNotice(
    deps,
    tenant,
    {
      purpose: 'TOP_UP',
      amountCents: input.amountCents,
      subject: `Ricarica ${wallet.service.name} - ${student.firstName} ${student.lastName} (badge ${student.badgeNumber}) ${formatEuro(input.amountCents)}`,
      dueOn: expiringNoticeDueOn('TOP_UP', romeDateOf(deps.clock.now())),
      debtor: { fiscalCode: guardian.fiscalCode, name: `${guardian.firstName} ${guardian.lastName}`.trim(), email: guardian.email },
      studentId: student.id,
      walletId: wallet.id,
    },
    actorOf(auth),
  );
  return { ok: true, notice };
}

/** Deletes (cancels) a generated top-up notice while it is still unpaid. */
export async function deleteTopUpNotice(deps: PaymentDeps, tenant: Tenant, auth: SessionAuth, noticeId: string | undefined, now: Date) {
  if (!noticeId || !/^[0-9a-f-]{36}$/i.test(noticeId)) throw new NotFoundError();
  const notice = await deps.prisma.paymentNotice.findFirst({
    where: { id: noticeId, tenantId: tenant.id, purpose: 'TOP_UP', student: familyStudentWhere(auth) },
  });
  if (!notice) throw new NotFoundError();
  return cancelNotice(deps, tenant, notice, actorOf(auth), now);
}

/**
 * A new top-up avviso in place of an expired one: same child, wallet and amount, a fresh number and due
 * date. The expired one stays EXPIRED (a late receipt for it is still recorded, for a clerk).
 */
export async function renewTopUpNotice(deps: PaymentDeps, tenant: Tenant, auth: SessionAuth, noticeId: string | undefined) {
  if (!noticeId || !/^[0-9a-f-]{36}$/i.test(noticeId)) throw new NotFoundError();
  const expired = await deps.prisma.paymentNotice.findFirst({
    where: { id: noticeId, tenantId: tenant.id, purpose: 'TOP_UP', student: familyStudentWhere(auth) },
    include: { wallet: true },
  });
  if (!expired?.wallet || !expired.studentId) throw new NotFoundError();
  if (!isExpired(expired, romeDateOf(deps.clock.now()))) throw localizedRefusal('payments.refusals.topUpNotExpired', {}, 409);
  return createTopUpNotice(deps, tenant, auth, {
    studentId: expired.studentId,
    serviceId: expired.wallet.serviceId,
    amountCents: expired.amountCents,
  });
}
