// npx tsx bench/ejs-calendar.ts [--before <dir with the old day-cell.ejs and status-label.ejs>]
// Rendering time of the month calendar's weeks alone, templates compiled once and cached as in production, in
// CPU time of this process (so the figure holds on a loaded machine). With --before, also the old way (one
// include of day-cell.ejs per day, one of status-label.ejs per served day), alternated with the new in one run.
import path from 'node:path';
import { parseArgs } from 'node:util';
import ejs from 'ejs';
import { createI18n, translator } from '../src/web/i18n.ts';
import { mealStatusLabel, type LabelledMeal } from '../src/web/meal-status-label.ts';
import { viewHelpers } from '../src/web/view-locals.ts';

const { values: args } = parseArgs({ options: { before: { type: 'string' }, rounds: { type: 'string', default: '20' } } });
const t = translator(createI18n(path.resolve('locales')));
const STATUSES = ['BOOKED', 'ABSENT', 'BLAND', 'BOOKED', 'BOOKED'];

/** Six weeks of June 2027 as calendarPage shapes them: served days, weekends, one closure, a few closed days. */
function weeks() {
  const days = Array.from({ length: 42 }, (_, i) => {
    const date = new Date(Date.UTC(2027, 4, 31 + i));
    const day = date.toISOString().slice(0, 10);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const closed = day < '2027-06-08' && !weekend;
    return {
      day,
      inMonth: day >= '2027-06-01' && day <= '2027-06-30',
      isToday: day === '2027-06-08',
      weekend,
      runs: !weekend && day !== '2027-06-02',
      enrolled: true,
      status: STATUSES[i % STATUSES.length],
      closureReason: day === '2027-06-02' ? 'Festa della Repubblica' : null,
      closed,
      booking: closed ? { closedAt: new Date(), chargedCents: 480 } : null,
      actions: !weekend && day >= '2027-06-09' ? ['ABSENT', 'BLAND'] : [],
    };
  });
  return Array.from({ length: 6 }, (_, w) => days.slice(w * 7, w * 7 + 7));
}

const locals = {
  ...viewHelpers,
  t,
  mealStatusLabel: (meal: LabelledMeal) => mealStatusLabel(t, meal),
  tenant: { slug: 'citta-grande' },
  csrfToken: 'x'.repeat(64),
  student: { id: '00000000-0000-0000-0000-000000000001' },
  weeks: weeks(),
};
const views = path.resolve('views/canteen');
const now = ejs.compile(`<%- include('calendar-weeks') %>`, { filename: path.join(views, 'page.ejs'), cache: true });
const before = args.before
  ? ejs.compile(
      `<% weeks.forEach(function (week) { %><tr><% week.forEach(function (d) { %><%- include('day-cell', { d: d }) %><% }) %></tr><% }) %>`,
      {
        filename: path.join(path.resolve(args.before), 'page.ejs'),
        cache: true,
      },
    )
  : null;

function cpuMs(render: (data: object) => string, count: number): { ms: number; bytes: number } {
  let bytes = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) bytes = render(locals).length;
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, bytes };
}

const perRound = 200;
const rounds = Number(args.rounds);
cpuMs(now, perRound);
if (before) cpuMs(before, perRound);
let nowMs = 0;
let beforeMs = 0;
const bytes = { now: 0, before: 0 };
for (let round = 0; round < rounds; round++) {
  const n = cpuMs(now, perRound);
  nowMs += n.ms;
  bytes.now = n.bytes;
  if (before) {
    const b = cpuMs(before, perRound);
    beforeMs += b.ms;
    bytes.before = b.bytes;
  }
}
const n = rounds * perRound;
console.log(`calendar weeks, one include: ${((nowMs / n) * 1000).toFixed(0)} µs CPU per render (${bytes.now} bytes)`);
if (before) {
  console.log(`one include per day (before): ${((beforeMs / n) * 1000).toFixed(0)} µs CPU per render (${bytes.before} bytes)`);
  console.log(`before ÷ now: ${(beforeMs / nowMs).toFixed(2)} (${n} renders of each, alternated)`);
}
