// The parents' requests: cancel a day, bland meal, undo, prolonged absence and reactivation, "disdici il
// prossimo pasto" and the absence-communication form. Each runs in one transaction, re-checks the cutoff
// there, and is idempotent: repeating a request leaves the same state and writes nothing new.
import { actorOf, recordAudit, type Actor } from '../../audit.ts';
import type { SessionAuth } from '../../auth/session-auth.ts';
import { inTransaction, type Db, type Tx } from '../../db/client.ts';
import { isBeforeCutoff } from '../../domain/cutoff.ts';
import { addDays, fromDbDate, romeDateOf, toDbDate, type IsoDate } from '../../domain/dates.ts';
import { firstRequestableServiceDay } from '../../domain/service-days.ts';
import type { Tenant } from '../../generated/prisma/client.ts';
import { DomainRuleError } from '../../web/errors.ts';
import { studentOfFamily, type FamilyStudent } from '../family/scope.ts';
import { mealStatusesForStudent, serviceCalendarOfStudent, type DayMeal } from './meals.ts';

export type MealRefusalCode =
  | 'NOT_ENROLLED'
  | 'NO_SERVICE'
  | 'CLOSED'
  | 'LATE'
  | 'LATE_DAYS'
  | 'IN_PROLONGED_ABSENCE'
  | 'ALREADY_IN_PROLONGED_ABSENCE'
  | 'NO_PROLONGED_ABSENCE'
  | 'REACTIVATION_BEFORE_START'
  | 'NO_SERVICE_DAYS'
  | 'NO_NEXT_MEAL';

/** A parent's request the rules refuse; nothing was changed. Routes show `canteen.errors.<code>`. */
export class MealRequestRefused extends DomainRuleError {
  override name = 'MealRequestRefused';
  readonly studentName: string;
  constructor(
    readonly code: MealRefusalCode,
    student: { firstName: string; lastName: string },
    readonly days: IsoDate[] = [],
    readonly reason: string | null = null,
  ) {
    super(code);
    this.studentName = `${student.firstName} ${student.lastName}`;
  }
}

export interface ParentRequest {
  tenant: Pick<Tenant, 'id' | 'cutoffTime'>;
  auth: SessionAuth;
  studentId: string;
  now: Date;
}

export type DayChange = 'CANCEL' | 'BLAND' | 'UNDO';

const CHANGE_STATUS = { CANCEL: 'ABSENT', BLAND: 'BLAND' } as const;

function requesterOf(actor: Actor): string {
  return actor.label ?? actor.kind;
}

/** The same checks for every dated request: the day must be a service day of the child, open and not late. */
function refusalFor(student: FamilyStudent, meal: DayMeal, tenant: ParentRequest['tenant'], now: Date): MealRequestRefused | null {
  if (!meal.enrolled) return new MealRequestRefused('NOT_ENROLLED', student, [meal.day]);
  if (!meal.runs) return new MealRequestRefused('NO_SERVICE', student, [meal.day], meal.closureReason);
  if (meal.booking?.closedAt) return new MealRequestRefused('CLOSED', student, [meal.day]);
  if (!isBeforeCutoff(meal.day, now, tenant.cutoffTime)) return new MealRequestRefused('LATE', student, [meal.day]);
  return null;
}

async function mealOn(tx: Tx, student: FamilyStudent, day: IsoDate): Promise<DayMeal> {
  const [meal] = await mealStatusesForStudent(tx, student, day, day);
  return meal;
}

async function applyDayChange(tx: Tx, req: ParentRequest, student: FamilyStudent, day: IsoDate, change: DayChange) {
  const meal = await mealOn(tx, student, day);
  const refusal = refusalFor(student, meal, req.tenant, req.now);
  if (refusal) throw refusal;
  const actor = actorOf(req.auth);
  const key = { tenantId_studentId_date: { tenantId: req.tenant.id, studentId: student.id, date: toDbDate(day) } };
  if (change === 'UNDO') {
    if (!meal.booking) return { day, changed: false };
    await tx.booking.delete({ where: key });
  } else {
    const status = CHANGE_STATUS[change];
    if (meal.inProlongedAbsence) {
      if (change === 'BLAND') throw new MealRequestRefused('IN_PROLONGED_ABSENCE', student, [day]);
      return { day, changed: false };
    }
    if (meal.booking?.status === status) return { day, changed: false };
    const request = { status, requestedAt: req.now, requestedBy: requesterOf(actor) };
    await tx.booking.upsert({
      where: key,
      create: { tenantId: req.tenant.id, studentId: student.id, date: toDbDate(day), ...request },
      update: request,
    });
  }
  await recordAudit(tx, {
    tenantId: req.tenant.id,
    actor,
    action: `CANTEEN_DAY_${change}`,
    entityType: 'Student',
    entityId: student.id,
    details: { day, previous: meal.booking?.status ?? null },
  });
  return { day, changed: true };
}

/** Cancel a day, ask for a bland meal, or undo such a request (before the day's cutoff). */
export async function changeDay(db: Db, req: ParentRequest & { day: IsoDate; change: DayChange }) {
  return inTransaction(db, async (tx) => {
    const student = await studentOfFamily(tx, req.auth, req.studentId);
    return { student, ...(await applyDayChange(tx, req, student, req.day, req.change)) };
  });
}

/** "Disdici il prossimo pasto": the first service day on or after today (today only before the cutoff). */
export async function cancelNextMeal(db: Db, req: ParentRequest) {
  return inTransaction(db, async (tx) => {
    const student = await studentOfFamily(tx, req.auth, req.studentId);
    const calendar = await serviceCalendarOfStudent(tx, student, romeDateOf(req.now));
    const day = firstRequestableServiceDay(calendar, req.now, req.tenant.cutoffTime);
    if (!day) throw new MealRequestRefused('NO_NEXT_MEAL', student);
    return { student, ...(await applyDayChange(tx, req, student, day, 'CANCEL')) };
  });
}

async function openProlongedAbsence(tx: Tx, tenantId: string, studentId: string) {
  return tx.prolongedAbsence.findFirst({ where: { tenantId, studentId, endsOn: null }, orderBy: { startsOn: 'desc' } });
}

function assertFirstDayNotLate(req: ParentRequest, student: FamilyStudent, day: IsoDate): void {
  if (!isBeforeCutoff(day, req.now, req.tenant.cutoffTime)) throw new MealRequestRefused('LATE', student, [day]);
}

/** Disdetta prolungata: absent from `from` on, with no end, until the parent reactivates. */
export async function startProlongedAbsence(db: Db, req: ParentRequest & { from: IsoDate }) {
  return inTransaction(db, async (tx) => {
    const student = await studentOfFamily(tx, req.auth, req.studentId);
    const open = await openProlongedAbsence(tx, req.tenant.id, student.id);
    if (open && fromDbDate(open.startsOn) === req.from) return { student, from: req.from, changed: false };
    if (open) throw new MealRequestRefused('ALREADY_IN_PROLONGED_ABSENCE', student, [fromDbDate(open.startsOn)]);
    assertFirstDayNotLate(req, student, req.from);
    const actor = actorOf(req.auth);
    const absence = await tx.prolongedAbsence.create({
      data: {
        tenantId: req.tenant.id,
        studentId: student.id,
        startsOn: toDbDate(req.from),
        createdAt: req.now,
        createdBy: requesterOf(actor),
      },
    });
    await recordAudit(tx, {
      tenantId: req.tenant.id,
      actor,
      action: 'CANTEEN_PROLONGED_ABSENCE_STARTED',
      entityType: 'ProlongedAbsence',
      entityId: absence.id,
      details: { studentId: student.id, from: req.from },
    });
    return { student, from: req.from, changed: true };
  });
}

/**
 * Riattivazione: meals again from `from` (same cutoff on that day). An absence that had not started yet is
 * withdrawn altogether, since a span ending before it starts would mean nothing.
 */
export async function reactivateService(db: Db, req: ParentRequest & { from: IsoDate }) {
  return inTransaction(db, async (tx) => {
    const student = await studentOfFamily(tx, req.auth, req.studentId);
    const open = await openProlongedAbsence(tx, req.tenant.id, student.id);
    if (!open) {
      const sameReactivation = await tx.prolongedAbsence.findFirst({
        where: { tenantId: req.tenant.id, studentId: student.id, endsOn: toDbDate(addDays(req.from, -1)) },
      });
      if (sameReactivation) return { student, from: req.from, changed: false };
      throw new MealRequestRefused('NO_PROLONGED_ABSENCE', student);
    }
    const startsOn = fromDbDate(open.startsOn);
    if (req.from < startsOn) throw new MealRequestRefused('REACTIVATION_BEFORE_START', student, [startsOn]);
    assertFirstDayNotLate(req, student, req.from);
    // from its very first day: the absence never took effect
    if (req.from === startsOn) await tx.prolongedAbsence.delete({ where: { id: open.id, tenantId: open.tenantId } });
    else
      await tx.prolongedAbsence.update({
        where: { id: open.id, tenantId: open.tenantId },
        data: { endsOn: toDbDate(addDays(req.from, -1)) },
      });
    await recordAudit(tx, {
      tenantId: req.tenant.id,
      actor: actorOf(req.auth),
      action: 'CANTEEN_SERVICE_REACTIVATED',
      entityType: 'ProlongedAbsence',
      entityId: open.id,
      details: { studentId: student.id, absentFrom: startsOn, mealsFrom: req.from },
    });
    return { student, from: req.from, changed: true };
  });
}

/**
 * The "Comunicazione assenze" form: ASSENTE or PASTO IN BIANCO on every service day of the child from
 * `from` to `to`; closures, weekends and days without rientro are skipped. If any of those days is already
 * past its cutoff the whole request is refused, naming the late days, and nothing changes.
 */
export async function communicateAbsence(db: Db, req: ParentRequest & { from: IsoDate; to: IsoDate; kind: 'ABSENT' | 'BLAND' }) {
  return inTransaction(db, async (tx) => {
    const student = await studentOfFamily(tx, req.auth, req.studentId);
    const meals = (await mealStatusesForStudent(tx, student, req.from, req.to)).filter((m) => m.runs && m.enrolled);
    if (meals.length === 0) throw new MealRequestRefused('NO_SERVICE_DAYS', student);
    const late = meals.filter((m) => m.booking?.closedAt || !isBeforeCutoff(m.day, req.now, req.tenant.cutoffTime));
    if (late.length)
      throw new MealRequestRefused(
        'LATE_DAYS',
        student,
        late.map((m) => m.day),
      );
    const absent = meals.filter((m) => m.inProlongedAbsence);
    if (req.kind === 'BLAND' && absent.length)
      throw new MealRequestRefused(
        'IN_PROLONGED_ABSENCE',
        student,
        absent.map((m) => m.day),
      );

    const actor = actorOf(req.auth);
    const toWrite = meals.filter((m) => !m.inProlongedAbsence && m.booking?.status !== req.kind);
    const request = { status: req.kind, requestedAt: req.now, requestedBy: requesterOf(actor) };
    for (const meal of toWrite) {
      const date = toDbDate(meal.day);
      await tx.booking.upsert({
        where: { tenantId_studentId_date: { tenantId: req.tenant.id, studentId: student.id, date } },
        create: { tenantId: req.tenant.id, studentId: student.id, date, ...request },
        update: request,
      });
    }
    if (toWrite.length) {
      await recordAudit(tx, {
        tenantId: req.tenant.id,
        actor,
        action: 'CANTEEN_ABSENCE_COMMUNICATED',
        entityType: 'Student',
        entityId: student.id,
        details: { kind: req.kind, from: req.from, to: req.to, days: toWrite.map((m) => m.day) },
      });
    }
    return { student, kind: req.kind, days: meals.map((m) => m.day) };
  });
}

export type DayAction = DayChange | 'PROLONGED' | 'REACTIVATE';

/** The calendar's per-day buttons: a day change, or a prolonged absence / reactivation starting that day. */
export async function applyDayAction(db: Db, req: ParentRequest & { day: IsoDate; action: DayAction }) {
  if (req.action === 'PROLONGED') return startProlongedAbsence(db, { ...req, from: req.day });
  if (req.action === 'REACTIVATE') return reactivateService(db, { ...req, from: req.day });
  return changeDay(db, { ...req, change: req.action });
}
