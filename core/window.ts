/**
 * The analysis window's rules, in one place: how a `--since`/`--until` text becomes a time
 * (calendar fields checked, never rolled over; a time without a zone is UTC, as CloudTrail
 * writes it), and which span the "unused" claims may rest on once the input's records are
 * known (never wider than the data read, never a window that holds no event).
 */

/** Which end of the window a bound is: a date-only end means the end of that day. */
export type WindowEdge = 'start' | 'end';

export type ParsedBound = { ok: true; iso: string } | { ok: false; error: string };

// Date, optional time (minutes or seconds, optional fraction), optional zone (only with a time).
const BOUND = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Days in a month of the proleptic Gregorian calendar (`month` 1–12). */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why the calendar fields are not a real date and time, if they are not. */
function calendarProblem(y: number, mo: number, d: number, h: number, mi: number, s: number): string | undefined {
  if (mo < 1 || mo > 12) return `there is no month ${mo}`;
  const days = daysIn(y, mo);
  if (d < 1 || d > days) return `${MONTHS[mo - 1]} ${y} has ${days} days`;
  if (h > 23 || mi > 59 || s > 59) return 'hours run to 23, minutes and seconds to 59';
  return undefined;
}

/** Minutes east of UTC of a zone suffix (`Z`, `+09:00`, `-0530`), or undefined when it is not one. */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = Number(digits.slice(2));
  if (h > 23 || m > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (h * 60 + m);
}

/**
 * A window bound as an ISO UTC time with second precision. Accepted: `YYYY-MM-DD`, and
 * `YYYY-MM-DDTHH:MM[:SS[.fff]]` with an optional zone (`Z`, `±HH:MM`); without a zone the
 * time is UTC. A date-only `end` is the last second of that day. Anything else, and any
 * date that does not exist (`2026-02-30`, month 13, hour 24), is an error: never rolled
 * over to a neighbouring date, never read in the host's time zone.
 */
export function parseWindowBound(text: string, edge: WindowEdge): ParsedBound {
  const m = BOUND.exec(text.trim());
  if (!m) return { ok: false, error: `not a date or time: ${text} (expected e.g. 2026-11-01 or 2026-11-01T08:00:00Z)` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dateOnly = m[4] === undefined;
  const [h, mi, s] = dateOnly ? (edge === 'end' ? [23, 59, 59] : [0, 0, 0]) : [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  const problem = calendarProblem(y, mo, d, h, mi, s);
  if (problem) return { ok: false, error: `not a valid date or time: ${text} (${problem})` };
  const offset = offsetMinutes(m[7]);
  if (offset === undefined) return { ok: false, error: `not a valid time zone offset: ${text}` };
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - offset * 60_000;
  return { ok: true, iso: new Date(ms).toISOString().slice(0, 19) + 'Z' };
}

/** What the input holds, for judging a requested window. */
export interface DataSpan {
  /** First and last event time of every readable record (ISO UTC); undefined when none was read. */
  start?: string;
  end?: string;
  /** Readable records inside the requested window. */
  inWindow: number;
}

export type WindowJudgement =
  | { ok: true; window: { start?: string; end?: string } }
  | { ok: false; problem: 'after-last-event' | 'before-first-event' | 'no-event-in-window'; message: string };

/**
 * The span the "unused" claims may rest on: the requested window cut to the span of the
 * events read (a window wider than the data claims only the data's span), or the data's span
 * when no window was asked for. A window that holds no event is refused, with why: a
 * `since` after the last event, an `until` before the first, or a window between events.
 */
export function judgeWindow(requested: { since?: string; until?: string }, data: DataSpan): WindowJudgement {
  const { since, until } = requested;
  const span = data.start && data.end ? `the input's events run from ${data.start} to ${data.end}` : 'the input holds no readable CloudTrail event';
  if (since && data.end && since > data.end) return { ok: false, problem: 'after-last-event', message: `--since ${since} is after the last CloudTrail event of the input (${data.end})` };
  if (until && data.start && until < data.start) return { ok: false, problem: 'before-first-event', message: `--until ${until} is before the first CloudTrail event of the input (${data.start})` };
  if ((since || until) && data.inWindow === 0) {
    return { ok: false, problem: 'no-event-in-window', message: `no CloudTrail event from ${since ?? 'the start'} to ${until ?? 'the end'}: ${span}` };
  }
  const start = since && (!data.start || since > data.start) ? since : data.start;
  const end = until && (!data.end || until < data.end) ? until : data.end;
  return { ok: true, window: { ...(start ? { start } : {}), ...(end ? { end } : {}) } };
}
