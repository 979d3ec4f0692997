import type { IsoDate } from './dates.ts';

/** What a parent asked for one day; no request means the child eats ("present unless cancelled"). */
export type DayRequest = 'ABSENT' | 'BLAND';

export interface ProlongedAbsenceSpan {
  startsOn: IsoDate;
  /** null until the parent reactivates the service. */
  endsOn: IsoDate | null;
}

export type ExpectedMeal = 'PRESENT' | 'ABSENT' | 'BLAND' | 'NO_SERVICE';

export function isInProlongedAbsence(day: IsoDate, spans: readonly ProlongedAbsenceSpan[]): boolean {
  return spans.some((span) => span.startsOn <= day && (span.endsOn === null || day <= span.endsOn));
}

export function expectedMeal(args: {
  day: IsoDate;
  runs: boolean;
  enrolled: boolean;
  request: DayRequest | null;
  prolongedAbsences: readonly ProlongedAbsenceSpan[];
}): ExpectedMeal {
  if (!args.runs || !args.enrolled) return 'NO_SERVICE';
  if (args.request === 'ABSENT' || isInProlongedAbsence(args.day, args.prolongedAbsences)) return 'ABSENT';
  if (args.request === 'BLAND') return 'BLAND';
  return 'PRESENT';
}
