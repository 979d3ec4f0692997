import type { IsoDate } from './dates.ts';

/** A period a clerk opened a pratica type for, both days included. */
export interface ApplicationWindowSpan {
  opensOn: IsoDate;
  closesOn: IsoDate;
  schoolYear: string | null;
}

export type WindowStatus<W extends ApplicationWindowSpan> = { open: true; window: W } | { open: false; next: W | null; last: W | null };

/**
 * Whether a type is open on `today`: open within a window (the one closing first, if they overlap); closed
 * otherwise, with the next window to come and the last one gone, so the page can say when.
 */
export function windowStatus<W extends ApplicationWindowSpan>(windows: readonly W[], today: IsoDate): WindowStatus<W> {
  const byOpening = [...windows].sort((a, b) => a.opensOn.localeCompare(b.opensOn));
  const current = byOpening.filter((w) => w.opensOn <= today && today <= w.closesOn).sort((a, b) => a.closesOn.localeCompare(b.closesOn));
  if (current.length) return { open: true, window: current[0] };
  const next = byOpening.find((w) => w.opensOn > today) ?? null;
  const last = byOpening.filter((w) => w.closesOn < today).sort((a, b) => b.closesOn.localeCompare(a.closesOn))[0] ?? null;
  return { open: false, next, last };
}

/** A window runs forward and, for an enrollment, names the school year it enrols for. */
export function windowProblem(window: ApplicationWindowSpan, needsSchoolYear: boolean): 'order' | 'schoolYear' | null {
  if (window.closesOn < window.opensOn) return 'order';
  if (needsSchoolYear && !window.schoolYear) return 'schoolYear';
  return null;
}

/** The protocol number of a submission: the year and its gap-free sequence number, e.g. "2026/000042". */
export function protocolNumber(year: number, sequence: number): string {
  return `${year}/${String(sequence).padStart(6, '0')}`;
}
