/**
 * `analyze --live`: the account in the caller's credentials, through the same pipeline
 * as the export directory. ECS per region, IAM once, CloudTrail LookupEvents per region
 * (management events only, so data-plane actions come out "not observable").
 */
import { InputError } from '../core/errors.ts';
import { requireTrackedRoles, runPipeline } from '../core/pipeline.ts';
import type { Report } from '../core/report/schema.ts';
import { cloudTrailClient, iamClient } from '../sources/aws/clients.ts';
import { liveEvidence } from '../sources/aws/evidence.ts';
import { IamGrantsReader } from '../sources/aws/iam-grants.ts';
import { readLiveSnapshot } from '../sources/aws/live-account.ts';
import type { LookupProgress } from '../sources/aws/lookup-events.ts';
import { lookupEventsLimiter, lookupEventsTrail } from '../sources/aws/lookup-events-trail.ts';
import { loadCatalog } from '../sources/catalog.ts';
import { systemClock, type Clock } from '../sources/clock.ts';

export interface AnalyzeLiveOptions {
  regions: string[];
  since: string;
  until: string;
  roles?: string[];
  now: Date;
  /** Progress lines for a human (stderr); not called when undefined. */
  progress?: (line: string, done: boolean) => void;
  /** Time for pacing and progress rates. Default: the system clock (tests pass the sandbox's). */
  clock?: Clock;
  /** Read IAM last-accessed reports of the roles. Default true. */
  lastAccessed?: boolean;
  /** Check each suggestion with IAM Access Analyzer (`--no-aws-checks` turns it off). Default true. */
  checks?: boolean;
}

function describeProgress(region: string, p: LookupProgress, startedAt: number, now: number): string {
  const secs = Math.max(0.001, (now - startedAt) / 1000);
  const eta = p.fraction > 0.02 && p.fraction < 1 ? ` · ETA ${Math.round((secs * (1 - p.fraction)) / p.fraction)} s` : '';
  return `CloudTrail ${region}: ${p.events.toLocaleString('en-US')} events · ${p.pages} pages · ${(p.events / secs).toFixed(0)} events/s · back to ${p.oldestRead ?? '…'} (${Math.round(p.fraction * 100)}%)${eta}`;
}

export async function analyzeLive(o: AnalyzeLiveOptions): Promise<Report> {
  if (o.regions.length === 0) throw new InputError('--live needs a region: pass --region or set AWS_REGION');
  const [catalog, account] = await Promise.all([loadCatalog(), readLiveSnapshot({ regions: o.regions, iam: new IamGrantsReader(iamClient({ region: o.regions[0]! })), roles: o.roles ?? [] })]);
  const accountId = account.inventory.roles.values().next().value?.accountId ?? 'unknown';
  const clock = o.clock ?? systemClock;
  const started = new Map<string, number>();
  const show = (region: string, p: LookupProgress, done: boolean) => {
    const now = clock.now();
    if (!started.has(region)) started.set(region, now);
    o.progress?.(describeProgress(region, p, started.get(region)!, now), done);
  };
  const trail = lookupEventsTrail({
    regions: o.regions,
    client: (region) => cloudTrailClient({ region }),
    limiter: (region) => lookupEventsLimiter(accountId, region, clock),
    onPage: (region, p) => show(region, p, false),
    onRegion: (region, r) => show(region, r, true),
  });
  requireTrackedRoles(account);
  const evidence = liveEvidence({ region: o.regions[0]!, clock, lastAccessed: o.lastAccessed, checks: o.checks, checksOffReason: 'turned off (--no-aws-checks)' });
  return runPipeline({ catalog, account, trail, ...evidence, since: o.since, until: o.until, generatedAt: o.now.toISOString().slice(0, 19) + 'Z' });
}
