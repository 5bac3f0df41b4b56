/**
 * The trail-mode commands: `policy-drift backfill` (the deployed stack's backfill, run from
 * a workstation with the caller's credentials: existing log files onto the ingest queue)
 * and `policy-drift trail-access` (the statements a trail bucket and key in another account
 * need, and the bucket's notification, printed as JSON to paste).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.ts';
import { stackArns, trailAccess } from '../core/ingest/trail-access.ts';
import { daysBack } from '../core/trail/log-key.ts';
import { organizationsClient, s3Client, sqsClient } from '../sources/aws/clients.ts';
import { listOrgAccounts } from '../sources/aws/organizations.ts';
import { S3Store } from '../sources/store/s3-store.ts';
import { writeBackfillState } from '../sources/store/trail-state.ts';
import { enqueueBackfill } from '../sources/trail/backfill.ts';

export const TRAIL_HELP = `  policy-drift backfill --trail-bucket B --queue-url URL [--days N] [--accounts IDS | --organization]
                       [--trail-prefix P] [--stack-bucket S] [--region R]
      existing CloudTrail log files of the last N days (default 90) onto the stack's ingest
      queue (trail mode); with --stack-bucket, progress is recorded for the weekly report
  policy-drift trail-access --account ID --region R [--stage S] --trail-bucket B
                       [--trail-prefix P] [--trail-kms-key-arn ARN] [--out FILE]
      the bucket-policy and key-policy statements and the bucket notification a trail
      bucket in another account needs for trail mode, as JSON to paste
`;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

function needed(v: string | undefined, flag: string): string {
  if (!v) throw new UsageError(`${flag} is required`);
  return v;
}

async function backfill(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'trail-bucket': { type: 'string' },
      'trail-prefix': { type: 'string', default: '' },
      'queue-url': { type: 'string' },
      days: { type: 'string', default: '90' },
      accounts: { type: 'string' },
      organization: { type: 'boolean', default: false },
      'stack-bucket': { type: 'string' },
      region: { type: 'string' },
    },
  });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 400) throw new UsageError('--days must be a whole number from 1 to 400');
  const region = values.region ?? process.env.AWS_REGION;
  if (!region) throw new UsageError('--region is required (or AWS_REGION): the stack\'s region, where the trail bucket and the queue are');
  const bucket = needed(values['trail-bucket'], '--trail-bucket');
  const queueUrl = needed(values['queue-url'], '--queue-url');
  if (!values.accounts && !values.organization) throw new UsageError('give --accounts (ids separated by commas) or --organization');
  const accounts = values.organization ? (await listOrgAccounts(organizationsClient())).active.map((a) => a.id) : values.accounts!.split(',').map((a) => a.trim()).filter(Boolean);
  const now = Date.now();
  const cutoff = iso(Math.floor(now / 60_000) * 60_000);
  const dayList = daysBack(now, days);
  const s3 = s3Client({ region });
  const result = await enqueueBackfill({
    s3,
    sqs: sqsClient({ region }),
    queueUrl,
    bucket,
    prefix: values['trail-prefix'],
    accounts,
    days: dayList,
    cutoff,
    onAccount: (account, n) => process.stderr.write(`policy-drift: ${account}: ${n.toLocaleString('en-US')} log files enqueued\n`),
  });
  if (values['stack-bucket']) {
    await writeBackfillState(new S3Store(s3, values['stack-bucket']), { at: iso(now), cutoff, since: dayList[0]!, days, enqueued: result.enqueued, complete: result.complete, problems: result.problems });
  }
  for (const p of result.problems) process.stderr.write(`policy-drift: ${p}\n`);
  const total = Object.values(result.enqueued).reduce((n, x) => n + x, 0);
  process.stdout.write(`${total.toLocaleString('en-US')} log files of ${accounts.length} accounts since ${dayList[0]} enqueued${result.complete ? '' : ' (stopped early: run again)'}\n`);
  return result.complete && result.problems.length === 0 ? 0 : 1;
}

async function access(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      account: { type: 'string' },
      region: { type: 'string' },
      stage: { type: 'string', default: 'dev' },
      'trail-bucket': { type: 'string' },
      'trail-prefix': { type: 'string', default: '' },
      'trail-kms-key-arn': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const account = needed(values.account, '--account');
  if (!/^\d{12}$/.test(account)) throw new UsageError('--account must be the 12-digit id of the account the stack is deployed in');
  const stack = { account, region: needed(values.region, '--region'), stage: values.stage };
  const trail = { bucket: needed(values['trail-bucket'], '--trail-bucket'), prefix: values['trail-prefix'], ...(values['trail-kms-key-arn'] ? { kmsKeyArn: values['trail-kms-key-arn'] } : {}) };
  const a = trailAccess(stack, trail);
  const arns = stackArns(stack);
  const doc = {
    'Add to the trail bucket policy (Statement entries)': a.bucketPolicy,
    ...(a.keyPolicy.length ? { 'Add to the trail KMS key policy (Statement entries)': a.keyPolicy } : {}),
    'The trail bucket notification (aws s3api put-bucket-notification-configuration; merge with any it has)': a.notification,
    'Member template parameter CentralRoleArn (stack/member-role.yml)': arns.functionsRole,
  };
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (values.out) await writeFile(values.out, text);
  else process.stdout.write(text);
  return 0;
}

/** Run a trail-mode command (`argv[0]` is its name); the exit code. */
export async function trailCommand(argv: string[]): Promise<number> {
  try {
    return argv[0] === 'backfill' ? await backfill(argv.slice(1)) : await access(argv.slice(1));
  } catch (e) {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`policy-drift: ${(e as Error).message}\n${usage ? 'Run policy-drift --help for usage.\n' : ''}`);
    return usage ? 2 : 1;
  }
}
