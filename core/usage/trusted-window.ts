/**
 * Which part of a window the stored aggregates can vouch for. The deployed collector
 * records, per region, the windows it read in full; "unused" may only rest on the span
 * every region was collected without a gap up to now. Usage older than a gap still counts
 * as used (that is the safe direction). An export directory vouches for its own spans, per
 * account and region (`roleSpan`): each role's claims rest on the span its regions share.
 */
import type { CoverageWindow } from './model.ts';

export interface TrustedWindow {
  /** The latest start of any region's last gap-free block (or `from`, if later). */
  start: string;
  /** Regions with no recent collection: nothing may be called unused. */
  incompleteRegions: string[];
  /** One line per gap or stale region, for the report's problems. */
  problems: string[];
}

export interface TrustedWindowOptions {
  /** Start of the report window. */
  from: string;
  /** The report's time, ms since the epoch. */
  now: number;
  /** A region whose newest coverage ends earlier than this before `now` is stale (collection has stopped). */
  staleMs: number;
}

/** The span every region in `regions` was read without a gap, up to now. `coverage` must be merged (see `mergeCoverage`). */
export function trustedWindow(coverage: readonly CoverageWindow[], regions: readonly string[], o: TrustedWindowOptions): TrustedWindow {
  const out: TrustedWindow = { start: o.from, incompleteRegions: [], problems: [] };
  for (const region of regions) {
    const blocks = coverage.filter((c) => c.region === region);
    const last = blocks.at(-1);
    if (!last || Date.parse(last.end) < o.now - o.staleMs) {
      out.incompleteRegions.push(region);
      out.problems.push(`${region}: no CloudTrail collected ${last ? `since ${last.end}` : 'in the window'}; is the collect function failing?`);
      continue;
    }
    if (blocks.length > 1) out.problems.push(`${region}: CloudTrail not collected from ${blocks.at(-2)!.end} to ${last.start}; the window starts after the gap`);
    if (last.start > out.start) out.start = last.start;
  }
  return out;
}

/**
 * CloudTrail of one account (when the input says which) and one region, read without a
 * gap from `start` to `end` (inclusive ISO times). An export directory vouches for what
 * it holds: the days of its delivered-log folders and of its records (see
 * sources/trail/coverage.ts).
 */
export interface CoveredSpan {
  /** Undefined: the records did not say (no `recipientAccountId` or `userIdentity.accountId`); it counts for any account. */
  account?: string;
  region: string;
  start: string;
  end: string;
}

type Window = { start?: string; end?: string };

const ONE_SECOND = 1000;

/** Spans cut to the window (those outside it dropped), merged where they overlap or touch (end + 1 s), in time order. */
function blocksInWindow(spans: readonly CoveredSpan[], window: Window): { start: string; end: string }[] {
  const cut = spans
    .map((s) => ({ start: window.start && s.start < window.start ? window.start : s.start, end: window.end && s.end > window.end ? window.end : s.end }))
    .filter((s) => s.start <= s.end)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: { start: string; end: string }[] = [];
  for (const s of cut) {
    const last = out.at(-1);
    if (last && Date.parse(s.start) <= Date.parse(last.end) + ONE_SECOND) {
      if (s.end > last.end) last.end = s.end;
    } else out.push({ ...s });
  }
  return out;
}

/** What a role's "unused" claims can rest on, given where its tasks run. */
export interface RoleSpan {
  /**
   * Where its tasks run and the input holds no CloudTrail for it in the window: `us-east-1`
   * (no account's), `us-east-1 in account 222233334444` (other accounts' only), or
   * `us-west-2 after 2026-11-03T23:59:59Z` (its regions were never read over a common span).
   */
  unread: string[];
  /** The part of the window all its regions were read without a gap, when that is less than the window; with the regions that cut it. */
  narrowed?: { start: string; end: string; regions: string[] };
}

/**
 * The span a role's unused claims rest on: for each region its tasks run in, the last
 * gap-free span of its account's CloudTrail in the window (as `trustedWindow` takes each
 * region's last block), and the part of the window all of them share. A region with no
 * CloudTrail of the role's account in the window is unread (nothing is called unused); so
 * are regions whose spans do not meet. A narrower span cuts the claims, and says so.
 */
export function roleSpan(covered: readonly CoveredSpan[], role: { accountId: string; regions: readonly string[] }, window: Window): RoleSpan {
  const unread: string[] = [];
  const last: { region: string; start: string; end: string }[] = [];
  for (const region of role.regions) {
    const here = covered.filter((c) => c.region === region);
    const blocks = blocksInWindow(here.filter((c) => c.account === undefined || c.account === role.accountId), window);
    const block = blocks.at(-1);
    if (block) last.push({ region, ...block });
    else unread.push(blocksInWindow(here, window).length ? `${region} in account ${role.accountId}` : region);
  }
  if (unread.length || last.length === 0) return { unread };
  const start = last.reduce((t, b) => (b.start > t ? b.start : t), last[0]!.start);
  const end = last.reduce((t, b) => (b.end < t ? b.end : t), last[0]!.end);
  if (start > end) return { unread: last.filter((b) => b.end < start).map((b) => `${b.region} after ${b.end}`) };
  const lateStart = window.start !== undefined && start > window.start;
  const earlyEnd = window.end !== undefined && end < window.end;
  if (!lateStart && !earlyEnd) return { unread: [] };
  const regions = last.filter((b) => (lateStart && b.start === start) || (earlyEnd && b.end === end)).map((b) => b.region);
  return { unread: [], narrowed: { start, end, regions } };
}

/**
 * One line per account and region whose CloudTrail covers only part of the window (a late
 * start, an early end, or gaps), saying what it covers: the reader learns why a role's
 * claims rest on less than the window. Regions with nothing in the window are left to the
 * roles that run there (their entries say so).
 */
export function coverageProblems(covered: readonly CoveredSpan[], window: Window): string[] {
  const places = new Map<string, CoveredSpan[]>();
  for (const c of covered) {
    const key = `${c.region}\u0000${c.account ?? ''}`;
    places.set(key, [...(places.get(key) ?? []), c]);
  }
  const out: string[] = [];
  for (const spans of [...places.values()].sort((a, b) => placeOrder(a[0]!, b[0]!))) {
    const blocks = blocksInWindow(spans, window);
    if (blocks.length === 0) continue;
    const whole = blocks.length === 1 && (!window.start || blocks[0]!.start <= window.start) && (!window.end || blocks[0]!.end >= window.end);
    if (whole) continue;
    const { region, account } = spans[0]!;
    const where = `CloudTrail of ${region}${account ? ` (account ${account})` : ''}`;
    const listed = blocks.map((b) => `${b.start} to ${b.end}`).join(', ');
    out.push(blocks.length === 1
      ? `${where} covers only ${listed} of the window: the unused claims of roles whose tasks run there rest on that span`
      : `${where} has gaps: it covers ${listed} of the window; the unused claims of roles whose tasks run there rest on the last of these`);
  }
  return out;
}

function placeOrder(a: CoveredSpan, b: CoveredSpan): number {
  if (a.region !== b.region) return a.region < b.region ? -1 : 1;
  const [x, y] = [a.account ?? '', b.account ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}
