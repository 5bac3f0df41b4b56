/**
 * What an export's CloudTrail files vouch for, per account and region: the days the input
 * holds. A day counts when a delivered log file sits in its folder
 * (`AWSLogs/…/<account>/CloudTrail/<region>/YYYY/MM/DD/`, or carries CloudTrail's file name
 * for it) or when a record of that account and region bears its date. Consecutive days
 * make one gap-free span; a missing day is a gap. Spans are whole UTC days: a region
 * whose last record came minutes before another's is not short of anything (quiet hours
 * are not gaps), and the analysis cuts every span to the window, itself the span of the
 * records read.
 *
 * The account of a record is `recipientAccountId`, else `userIdentity.accountId` (as the
 * fold reads it); a record naming neither counts for a region of any account.
 */
import type { CoveredSpan } from '../../core/usage/trusted-window.ts';
import { isCanonicalTime, parseEventTime } from '../../core/trail/event-time.ts';
import type { LogPlace } from './placement.ts';

/** The days one file's records showed for one account and region, each with its earliest record: `[day, first time]`. Plain data: it crosses threads. */
export interface PlaceDays {
  account?: string;
  region: string;
  days: [string, string][];
}

/** Places one file may note: more is a hostile file, and an unnoted place only covers less (the safe side). */
const MAX_PLACES = 64;
/** Days one place of one file may note (about eleven years). */
const MAX_DAYS = 4000;
/** Longest region code and account id kept (core/trail/bounds.ts's region limit; account ids are 12 digits). */
const MAX_REGION = 32;
const MAX_ACCOUNT = 32;

interface Place {
  account?: string;
  region: string;
  /** Day → its earliest record. */
  days: Map<string, { first: string }>;
}

/** Equal to no field of a record. */
const NEVER = Symbol('never');

const text = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);

/** The account a raw record belongs to, as the fold reads it. */
function accountOf(r: Record<string, unknown>): string | undefined {
  const id = r.userIdentity;
  return text(r.recipientAccountId, MAX_ACCOUNT) ?? (typeof id === 'object' && id !== null ? text((id as Record<string, unknown>).accountId, MAX_ACCOUNT) : undefined);
}

/** The days per account and region that one file's records show; fed every raw record. */
export class PlacesSeen {
  private readonly places = new Map<string, Place>();
  // The last place and day noted: a file's records are mostly of one region, one account and one day.
  private last?: { region: string; account: string | undefined; place: Place };
  private lastDay?: { place: Place; day: string; span: { first: string }; region: string; account: unknown };

  /** Note one raw record (anything without a region and a readable time says nothing). */
  note(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const r = raw as Record<string, unknown>;
    const t = r.eventTime;
    const d = this.lastDay;
    // Runs for every record read: most are of the last record's place and day, and not
    // earlier than its first, and need nothing else (the sample's records: 55 ns a record
    // with this path, 230 ns without, against some 7 µs to parse one).
    if (d && typeof t === 'string' && t.startsWith(d.day) && t >= d.span.first && t.length === 20 && r.recipientAccountId === d.account && r.awsRegion === d.region) return;
    const region = text(r.awsRegion, MAX_REGION);
    if (!region) return;
    const raw_ = t ?? r['@timestamp'];
    const time = typeof raw_ === 'string' && isCanonicalTime(raw_) ? raw_ : parseEventTime(raw_);
    if (time === 'missing-eventTime' || time === 'invalid-eventTime') return;
    const place = this.placeOf(region, accountOf(r));
    if (!place) return;
    if (d && d.place === place && time.startsWith(d.day)) {
      if (time < d.span.first) d.span.first = time;
      return;
    }
    const day = time.slice(0, 10);
    let span = place.days.get(day);
    if (!span) {
      if (place.days.size >= MAX_DAYS) return;
      span = { first: time };
      place.days.set(day, span);
    } else if (time < span.first) span.first = time;
    // `account` matches only records that name it in `recipientAccountId`; the rest take the long way.
    this.lastDay = { place, day, span, region, account: place.account ?? NEVER };
  }

  private placeOf(region: string, account: string | undefined): Place | undefined {
    const l = this.last;
    if (l && l.region === region && l.account === account) return l.place;
    const key = `${region}\u0000${account ?? ''}`;
    let place = this.places.get(key);
    if (!place) {
      if (this.places.size >= MAX_PLACES) return undefined;
      place = { ...(account ? { account } : {}), region, days: new Map() };
      this.places.set(key, place);
    }
    this.last = { region, account, place };
    return place;
  }

  /** What was noted, as plain data. */
  toPlaceDays(): PlaceDays[] {
    return [...this.places.values()].map((p) => ({
      ...(p.account ? { account: p.account } : {}),
      region: p.region,
      days: [...p.days].map(([day, s]) => [day, s.first] as [string, string]),
    }));
  }
}

/** The calendar day `delta` days from `YYYY-MM-DD`. */
function dayFrom(day: string, delta: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
}

/**
 * CloudTrail delivers within minutes, so a day's first file may hold the previous day's last
 * events (placement.ts's delivery lag): a day known only from such records is not a day read.
 */
const LAG_FROM = 'T23:00:00Z';

/** The days of every file read, per account and region, turned into gap-free spans of whole days. */
export class Coverage {
  private readonly places = new Map<string, { account?: string; region: string; days: Set<string> }>();

  private add(account: string | undefined, region: string, day: string): void {
    const key = `${region}\u0000${account ?? ''}`;
    let place = this.places.get(key);
    if (!place) {
      place = { ...(account ? { account } : {}), region, days: new Set() };
      this.places.set(key, place);
    }
    place.days.add(day);
  }

  /** A file was read: its delivery day (`logPlaceOf`) when it has one, and the days its records showed. */
  addFile(logged: LogPlace | undefined, places: readonly PlaceDays[] = []): void {
    if (logged) this.add(logged.account, logged.region, logged.day);
    const lagDay = logged ? dayFrom(logged.day, -1) : undefined;
    for (const p of places) {
      for (const [day, first] of p.days) {
        // The previous day's last hour, delivered in this day's folder: that day was not read.
        if (day === lagDay && first >= `${day}${LAG_FROM}` && p.region === logged!.region) continue;
        this.add(p.account, p.region, day);
      }
    }
  }

  /** Gap-free spans of whole days per account and region, in region, account and time order. */
  spans(): CoveredSpan[] {
    const out: CoveredSpan[] = [];
    const order = (p: { account?: string; region: string }) => `${p.region}\u0000${p.account ?? ''}`;
    for (const p of [...this.places.values()].sort((a, b) => (order(a) < order(b) ? -1 : 1))) {
      let open: CoveredSpan | undefined;
      let previous = '';
      for (const day of [...p.days].sort()) {
        if (open && day === dayFrom(previous, 1)) open.end = `${day}T23:59:59Z`;
        else {
          if (open) out.push(open);
          open = { ...(p.account ? { account: p.account } : {}), region: p.region, start: `${day}T00:00:00Z`, end: `${day}T23:59:59Z` };
        }
        previous = day;
      }
      if (open) out.push(open);
    }
    return out;
  }
}
