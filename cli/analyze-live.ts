/**
 * `analyze --live`: the account in the caller's credentials, through the same pipeline
 * as the export directory. ECS per region, IAM once, CloudTrail LookupEvents per region
 * (management events only, so data-plane actions come out "not observable").
 */
import { analyze } from '../core/analyze/analyze.ts';
import type { Report } from '../core/report/schema.ts';
import { emptyUsage } from '../core/usage/model.ts';
import { compactUsage } from '../core/usage/build.ts';
import { foldContext, foldSink } from '../core/usage/fold.ts';
import { loadCatalog } from '../sources/catalog.ts';
import { cloudTrailClient, iamClient } from '../sources/aws/clients.ts';
import { readLiveAccount } from '../sources/aws/live-account.ts';
import { readLookupEvents, type LookupProgress } from '../sources/aws/lookup-events.ts';
import { sharedLimiter } from '../sources/aws/rate-limiter.ts';
import { InputError } from '../sources/export-dir.ts';

export interface AnalyzeLiveOptions {
  regions: string[];
  since: string;
  until: string;
  roles?: string[];
  now: Date;
  /** Progress lines for a human (stderr); not called when undefined. */
  progress?: (line: string, done: boolean) => void;
}

function describeProgress(region: string, p: LookupProgress, startedAt: number): string {
  const secs = Math.max(0.001, (Date.now() - startedAt) / 1000);
  const rate = p.events / secs;
  const eta = p.fraction > 0.02 && p.fraction < 1 ? ` · ETA ${Math.round((secs * (1 - p.fraction)) / p.fraction)} s` : '';
  return `CloudTrail ${region}: ${p.events.toLocaleString('en-US')} events · ${p.pages} pages · ${rate.toFixed(0)} events/s · back to ${p.oldestRead ?? '…'} (${Math.round(p.fraction * 100)}%)${eta}`;
}

export async function analyzeLive(o: AnalyzeLiveOptions): Promise<Report> {
  if (o.regions.length === 0) throw new InputError('--live needs a region: pass --region or set AWS_REGION');
  const catalog = await loadCatalog();
  const account = await readLiveAccount({ regions: o.regions, iam: iamClient({ region: o.regions[0]! }), roles: o.roles ?? [] });
  const { inventory, iamRoles, grantErrors } = account;
  const problems = [...account.problems];
  if (inventory.roles.size === 0) throw new InputError(`nothing to analyse in ${o.regions.join(', ')}: no ECS task definition names a role and no --role was given`);

  const usage = emptyUsage();
  const sink = foldSink(usage, foldContext(catalog, { tracked: inventory.roles.keys(), since: o.since, until: o.until }));
  const incompleteRegions: string[] = [];
  for (const region of o.regions) {
    const startedAt = Date.now();
    const accountId = [...inventory.roles.values()][0]!.accountId;
    const result = await readLookupEvents(cloudTrailClient({ region }), {
      start: new Date(o.since),
      end: new Date(o.until),
      limiter: sharedLimiter(`lookup-events:${accountId}:${region}`, 2),
      onRecord: sink.record,
      onSkip: sink.skipRecord,
      onPage: (p) => o.progress?.(describeProgress(region, p, startedAt), false),
    });
    o.progress?.(describeProgress(region, result, startedAt), true);
    if (!result.complete) {
      incompleteRegions.push(region);
      problems.push(`CloudTrail ${region}: read stopped at ${result.oldestRead ?? 'the first page'} (${result.stoppedBy})`);
    }
  }
  compactUsage(usage);
  return analyze({
    catalog,
    inventory,
    iamRoles,
    grantErrors,
    usage,
    window: { start: o.since, end: o.until },
    generatedAt: o.now.toISOString().slice(0, 19) + 'Z',
    problems,
    incompleteRegions,
    // Every region asked for was read (a quiet region has no events, not missing input).
    regionsRead: o.regions,
  });
}
