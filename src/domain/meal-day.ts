import { expectedMeal, type ExpectedMeal, type ProlongedAbsenceSpan } from './attendance.ts';
import type { IsoDate } from './dates.ts';

export type MealStatus = 'PRESENT' | 'ABSENT' | 'BLAND';

export interface EnrollmentSpan {
  state: 'ACTIVE' | 'ENDED';
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

/** An enrollment counts from its first day to its last; an ENDED one without a last day counts no more. */
export function isEnrolledOn(enrollment: EnrollmentSpan, day: IsoDate): boolean {
  if (enrollment.state === 'ENDED' && enrollment.endsOn === null) return false;
  return enrollment.startsOn <= day && (enrollment.endsOn === null || day <= enrollment.endsOn);
}

/**
 * The meal of one child on one day. Once the day is closed its booking records what happened (possibly
 * corrected by a clerk), so it wins; before that the parents' request and prolonged absences decide.
 */
export function mealOfDay(args: {
  day: IsoDate;
  runs: boolean;
  enrolled: boolean;
  booking: { status: MealStatus; closed: boolean } | null;
  prolongedAbsences: readonly ProlongedAbsenceSpan[];
  /** the day close has run: its bookings are what happened, and a child without one had no meal */
  dayClosed?: boolean;
}): ExpectedMeal {
  if (args.booking?.closed) return args.booking.status;
  if (args.dayClosed) return 'NO_SERVICE';
  const status = args.booking?.status;
  return expectedMeal({
    day: args.day,
    runs: args.runs,
    enrolled: args.enrolled,
    request: status === 'ABSENT' || status === 'BLAND' ? status : null,
    prolongedAbsences: args.prolongedAbsences,
  });
}

export type DayAction = 'CANCEL' | 'BLAND' | 'UNDO' | 'PROLONGED' | 'REACTIVATE';

/**
 * What a parent may still do on a calendar day: nothing once the cutoff has passed or the day is closed;
 * from the start of an open prolonged absence only reactivation; otherwise make or undo a request.
 */
export function allowedDayActions(args: {
  day: IsoDate;
  runs: boolean;
  enrolled: boolean;
  closed: boolean;
  beforeCutoff: boolean;
  /** the parent's pending request for the day, if any */
  requested: MealStatus | null;
  inProlongedAbsence: boolean;
  /** start of the prolonged absence still waiting for reactivation, if any */
  openProlongedFrom: IsoDate | null;
}): DayAction[] {
  if (!args.runs || !args.enrolled || args.closed || !args.beforeCutoff) return [];
  if (args.openProlongedFrom !== null && args.day >= args.openProlongedFrom) return ['REACTIVATE'];
  if (args.inProlongedAbsence) return [];
  const actions: DayAction[] =
    args.requested === 'ABSENT' ? ['UNDO'] : args.requested === 'BLAND' ? ['CANCEL', 'UNDO'] : ['CANCEL', 'BLAND'];
  return args.openProlongedFrom === null ? [...actions, 'PROLONGED'] : actions;
}
