/**
 * IAM last-accessed reports, live: for each tracked role, `GenerateServiceLastAccessedDetails`
 * (ACTION_LEVEL), then `GetServiceLastAccessedDetails` until the job completes, every page.
 * Jobs are started for all roles first (IAM runs them in parallel), then polled; polling
 * waits on the given clock (virtual in tests), and the run's time budget bounds it all: a
 * role not done in time gets no claims this run and says so. A report read within the
 * last day is taken from the cache instead (the stack keeps it in its bucket).
 */
import { GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand, type GetServiceLastAccessedDetailsCommandOutput, type IAMClient } from '@aws-sdk/client-iam';
import { parseLastAccessed, type LastAccessedReport } from '../../core/evidence/last-accessed.ts';
import type { LastAccessedRole, LastAccessedSource } from '../../core/evidence/ports.ts';
import type { Clock } from '../clock.ts';
import { describeError } from './clients.ts';

/** Reports read earlier, by role ARN (sources/last-accessed-cache.ts over the stack's bucket). */
export interface LastAccessedCache {
  /** A report read recently enough to reuse; undefined otherwise. */
  get(roleArn: string): Promise<LastAccessedReport | undefined>;
  put(report: LastAccessedReport): Promise<void>;
}

export interface LiveLastAccessedOptions {
  client: IAMClient;
  clock: Clock;
  /** How long this run may spend starting and reading jobs, in ms. */
  budgetMs: number;
  /** Wait between two polls of the pending jobs, in ms. Default 2,000 (jobs usually take seconds). */
  pollMs?: number;
  cache?: LastAccessedCache;
}

interface Job {
  role: LastAccessedRole;
  jobId: string;
}

type Outcome = { report: LastAccessedReport } | { missing: string } | 'pending';

/** Every page of a completed job, as one `GetServiceLastAccessedDetails` answer with ISO dates. */
async function allPages(client: IAMClient, jobId: string, first: GetServiceLastAccessedDetailsCommandOutput): Promise<unknown> {
  const services = [...(first.ServicesLastAccessed ?? [])];
  let page = first;
  while (page.IsTruncated && page.Marker) {
    page = await client.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, Marker: page.Marker }));
    services.push(...(page.ServicesLastAccessed ?? []));
  }
  // The SDK's Date objects become ISO text, as the CLI writes them: one parser for both.
  return JSON.parse(JSON.stringify({ ...first, ServicesLastAccessed: services, IsTruncated: false }));
}

/** One poll of one job. */
async function poll(client: IAMClient, job: Job): Promise<Outcome> {
  try {
    const out = await client.send(new GetServiceLastAccessedDetailsCommand({ JobId: job.jobId }));
    if (out.JobStatus === 'IN_PROGRESS') return 'pending';
    if (out.JobStatus === 'FAILED') return { missing: `IAM last-accessed job failed: ${out.Error?.Code ?? 'error'}: ${out.Error?.Message ?? 'no message'}` };
    const parsed = parseLastAccessed(await allPages(client, job.jobId, out), job.role.roleArn, 'iam-api');
    return parsed.ok ? { report: parsed.report } : { missing: `IAM last-accessed report unreadable: ${parsed.error}` };
  } catch (e) {
    return { missing: `GetServiceLastAccessedDetails failed: ${describeError(e)}` };
  }
}

/** IAM's last-accessed reports of the tracked roles, through the SDK. */
export function liveLastAccessed(o: LiveLastAccessedOptions): LastAccessedSource {
  const pollMs = o.pollMs ?? 2_000;
  return {
    async read(roles) {
      const deadline = o.clock.now() + o.budgetMs;
      const reports = new Map<string, LastAccessedReport>();
      const missing = new Map<string, string>();
      const problems: string[] = [];
      const outOfTime = `IAM last-accessed report not ready within this run's ${Math.round(o.budgetMs / 1000)} s budget; read next run`;
      const jobs: Job[] = [];
      for (const role of roles) {
        const cached = await o.cache?.get(role.roleArn);
        if (cached) reports.set(role.key, { ...cached, source: 'iam-api-cached' });
        else if (o.clock.now() >= deadline) missing.set(role.key, outOfTime);
        else {
          try {
            const out = await o.client.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: role.roleArn, Granularity: 'ACTION_LEVEL' }));
            if (out.JobId) jobs.push({ role, jobId: out.JobId });
            else missing.set(role.key, 'GenerateServiceLastAccessedDetails returned no job');
          } catch (e) {
            missing.set(role.key, `GenerateServiceLastAccessedDetails failed: ${describeError(e)}`);
          }
        }
      }
      let pending = jobs;
      while (pending.length) {
        const still: Job[] = [];
        for (const job of pending) {
          const outcome = await poll(o.client, job);
          if (outcome === 'pending') still.push(job);
          else if ('report' in outcome) {
            reports.set(job.role.key, outcome.report);
            // A report that cannot be cached is still used; the next run asks IAM again.
            await o.cache?.put(outcome.report).catch((e: unknown) => problems.push(`last-accessed report of ${job.role.roleName} not cached: ${describeError(e)}`));
          } else missing.set(job.role.key, outcome.missing);
        }
        pending = still;
        if (pending.length && o.clock.now() + pollMs > deadline) {
          for (const job of pending) missing.set(job.role.key, outOfTime);
          break;
        }
        if (pending.length) await o.clock.sleep(pollMs);
      }
      return { reports, missing, problems };
    },
  };
}
