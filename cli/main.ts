/**
 * The `policy-drift` command. Exit codes: 0 when the analysis ran (findings are not
 * errors), 1 when it could not (one line on stderr says why), 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { diffReports } from '../core/drift/diff.ts';
import { renderHtml } from '../core/report/html/render.ts';
import type { Report } from '../core/report/schema.ts';
import { plural } from '../core/report/labels.ts';
import { reportChunks } from '../core/report/output.ts';
import { trendPoint, trendSeries } from '../core/report/trend.ts';
import { InputError, UsageError } from '../core/errors.ts';
import { latestEventTime } from '../core/trail/event-time.ts';
import { isoWeek } from '../sources/store/stack-store.ts';
import { parseWindowBound, type WindowEdge } from '../core/window.ts';
import { analyzeExport } from './analyze-export.ts';
import { outProblem, writeToFile, writeToStdout, type ReportChunks } from './output.ts';
import { readHistory } from './report-history.ts';
import { TRAIL_HELP } from './trail-help.ts';

/** Progress on stderr: rewritten in place on a terminal, one line per region otherwise. */
function progressPrinter(): (line: string, done: boolean) => void {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return (line, done) => {
    if (tty) {
      process.stderr.write(`\r\u001b[K${line}${done ? '\n' : ''}`);
    } else if (done || Date.now() - last > 10_000) {
      last = Date.now();
      process.stderr.write(`${line}\n`);
    }
  };
}

const HELP = `policy-drift: least-privilege drift for the IAM roles of AWS ECS workloads

Usage:
  policy-drift analyze --input DIR [options]
  policy-drift analyze --live [--region R ...] [options]

Compares what each ECS task role and task execution role is granted (IAM) with what
it actually did (CloudTrail), and reports unused permissions, denied calls and a
suggested tighter policy. DIR is an export directory (see README, "Export format").

Options:
  --input DIR          export directory with ecs/, iam/ and cloudtrail/ files
  --live               read the account in the caller's AWS credentials instead
                       (ECS, IAM, CloudTrail LookupEvents: management events only)
  --region R           region to read with --live (repeatable; default AWS_REGION)
  --role ARN_OR_NAME   also analyse this role (repeatable)
  --since TIME         start of the window (ISO-8601, e.g. 2026-11-01 or 2026-11-01T00:00:00Z;
                       a time without a zone is UTC)
  --until TIME         end of the window (a date alone: the end of that day; default: the
                       span of the input; with --live, now)
                       with --live, --since defaults to 7 days before --until
  --format FORMAT      text (default), markdown, json or html (one self-contained page)
  --out FILE           write the report to FILE instead of stdout
  --history PATH       earlier JSON reports: a file, or a folder searched for *.json
                       (e.g. a copy of the stack's reports/ archive; repeatable). The
                       newest one of an earlier week is compared with (drift, every
                       format); with --format html, each week is a point of the trend
  --workers N          threads folding CloudTrail files (default: the machine's cores)
  --no-aws-checks      with --live, do not check suggestions with IAM Access Analyzer
                       (CheckNoNewAccess is billed per call; see README, "Cost")
  --verbose            list every unused action instead of a per-service summary
  --no-color           plain text even on a terminal (NO_COLOR is honoured too)
  -h, --help           this help

Trail mode (the deployed stack reading the trail's log files; README, "Deploying: trail mode"):
${TRAIL_HELP}`;

/** A `--since`/`--until` value as an ISO UTC time; a usage error when it is not a real date and time. */
function isoTime(value: string | undefined, flag: string, edge: WindowEdge): string | undefined {
  if (value === undefined) return undefined;
  const bound = parseWindowBound(value, edge);
  if (!bound.ok) throw new UsageError(`${flag}: ${bound.error}`);
  return bound.iso;
}

type Format = 'text' | 'markdown' | 'json' | 'html';

/** The report in pieces: text, Markdown and JSON are streamed (a report can outgrow any one string); HTML is one page. */
function render(report: Report, format: Format, o: { color: boolean; verbose: boolean; trend: ReturnType<typeof trendSeries> }): ReportChunks {
  if (format === 'html') return [renderHtml(report, { trend: o.trend })];
  return reportChunks(report, format, { color: o.color, verbose: o.verbose });
}

export async function main(argv: string[]): Promise<number> {
  // Loaded when used: the trail commands bring the AWS SDK, which every other start would parse.
  if (argv[0] === 'backfill' || argv[0] === 'trail-access') return (await import('./trail-commands.ts')).trailCommand(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        input: { type: 'string' },
        live: { type: 'boolean', default: false },
        region: { type: 'string', multiple: true },
        role: { type: 'string', multiple: true },
        since: { type: 'string' },
        until: { type: 'string' },
        format: { type: 'string', default: 'text' },
        out: { type: 'string' },
        history: { type: 'string', multiple: true },
        verbose: { type: 'boolean', default: false },
        workers: { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        'no-aws-checks': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`policy-drift: ${(e as Error).message}\nRun policy-drift --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  try {
    if (positionals[0] !== 'analyze') throw new UsageError(`unknown command: ${positionals[0]}`);
    if (!values.input && !values.live) throw new UsageError('analyze needs --input DIR or --live');
    if (values.input && values.live) throw new UsageError('give --input or --live, not both');
    const format = values.format;
    if (format !== 'text' && format !== 'markdown' && format !== 'json' && format !== 'html') throw new UsageError(`--format must be text, markdown, json or html, not ${format}`);
    const since = isoTime(values.since, '--since', 'start');
    const until = isoTime(values.until, '--until', 'end');
    if (since && until && since > until) throw new UsageError('--since is after --until');
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 64)) throw new UsageError('--workers must be a whole number from 1 to 64');

    if (values.out) {
      // Checked before the analysis: a mistyped folder should not cost a long run.
      const problem = await outProblem(values.out);
      if (problem) throw new InputError(`cannot write the report to ${values.out}: ${problem}`);
    }

    const now = new Date();
    const report = values.live
      ? // Loaded only for --live: the AWS SDK is most of the command's code (startup: README, Performance).
        await (await import('./analyze-live.ts')).analyzeLive({
          regions: values.region ?? (process.env.AWS_REGION ? [process.env.AWS_REGION] : []),
          until: until ?? now.toISOString().slice(0, 19) + 'Z',
          since: since ?? new Date(Date.parse(until ?? now.toISOString()) - 7 * 86_400_000).toISOString().slice(0, 19) + 'Z',
          roles: values.role ?? [],
          now,
          progress: progressPrinter(),
          checks: !values['no-aws-checks'],
        })
      : await analyzeExport({
          input: values.input!,
          roles: values.role ?? [],
          ...(since ? { since } : {}),
          ...(until ? { until } : {}),
          ...(workers ? { workers } : {}),
          ...(values.out ? { out: values.out } : {}),
          now,
          notAfter: latestEventTime(now.getTime()),
        });
    const week = isoWeek(report.generatedAt);
    const history = values.history ? await readHistory(values.history, week) : undefined;
    if (history?.previous) report.drift = diffReports(history.previous, report);
    if (history) {
      process.stderr.write(`policy-drift: ${plural(history.points.length, 'earlier report')} read${history.skipped.length ? `, ${plural(history.skipped.length, 'other JSON file')} skipped` : ''}\n`);
      for (const s of history.skipped.slice(0, 10)) process.stderr.write(`  skipped ${s}\n`);
    }
    const color = !values.out && !values['no-color'] && !process.env.NO_COLOR && process.stdout.isTTY === true;
    const chunks = render(report, format, { color, verbose: values.verbose, trend: trendSeries(history?.points ?? [], trendPoint(report, week)) });
    const written = values.out ? await writeToFile(values.out, chunks) : await writeToStdout(chunks);
    if (written.kind === 'failed') throw new InputError(written.reason);
    // A reader that stopped early (`| head`) got what it wanted: nothing to say.
    if (written.kind === 'written' && values.out) process.stderr.write(`policy-drift: report written to ${values.out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`policy-drift: ${e.message}\nRun policy-drift --help for usage.\n`);
      return 2;
    }
    if (e instanceof InputError) {
      process.stderr.write(`policy-drift: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`policy-drift: internal error: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}
