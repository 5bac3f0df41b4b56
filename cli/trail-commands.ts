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
import { ACCESS_HELP, BACKFILL_HELP } from './trail-help.ts';


const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

function help(text: string): number {
  process.stdout.write(`Usage:\n${text}`);
  return 0;
}

/** A region code (`eu-west-1`, `us-gov-west-1`), as the stack's ARNs name it. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
/** S3 bucket naming rules (S3 User Guide, "Bucket naming rules"): 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at each end. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Serverless stage names: letters, digits and hyphens. */
const STAGE = /^[A-Za-z0-9-]+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;
/** IAM role names are at most 64 characters (IAM API Reference, `CreateRole`). */
const ROLE_NAME_MAX = 64;

function validRegion(region: string, flag: string): string {
  if (!REGION.test(region)) throw new UsageError(`${flag} ${JSON.stringify(region)} is not a region code (e.g. eu-west-1)`);
  return region;
}

function validBucket(bucket: string): string {
  if (!BUCKET.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    throw new UsageError(`--trail-bucket ${JSON.stringify(bucket)} is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)`);
  }
  return bucket;
}

function validStage(stage: string): string {
  if (!STAGE.test(stage)) throw new UsageError(`--stage ${JSON.stringify(stage)} is not a stage name (letters, digits and hyphens)`);
  return stage;
}

/** The trail's key prefix, as its trail setting holds it: no slash at either end, and nothing a policy would read as a wildcard or a variable. */
function validPrefix(prefix: string): string {
  if (/^\/|\/$/.test(prefix)) throw new UsageError(`--trail-prefix ${JSON.stringify(prefix)} must be given without a leading or trailing slash, as the trail's S3 key prefix is`);
  // eslint-disable-next-line no-control-regex
  if (/[*?$"\\\u0000-\u001f\u007f]/.test(prefix)) throw new UsageError(`--trail-prefix ${JSON.stringify(prefix)} holds a character a policy would misread (* ? $ " \\ or a control character)`);
  return prefix;
}

function validKey(arn: string, region: string): void {
  const key = KMS_KEY_ARN.exec(arn);
  if (!key) throw new UsageError(`--trail-kms-key-arn ${JSON.stringify(arn)} is not a KMS key ARN (an alias cannot scope a key policy)`);
  if (key[1] !== region) throw new UsageError(`--trail-kms-key-arn is in ${key[1]} but --region is ${region}: the trail bucket, its key and the stack must share a region`);
}

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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return help(BACKFILL_HELP);
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 400) throw new UsageError('--days must be a whole number from 1 to 400');
  const region = values.region ?? process.env.AWS_REGION;
  if (!region) throw new UsageError('--region is required (or AWS_REGION): the stack\'s region, where the trail bucket and the queue are');
  validRegion(region, values.region ? '--region' : 'AWS_REGION');
  const bucket = validBucket(needed(values['trail-bucket'], '--trail-bucket'));
  const prefix = validPrefix(values['trail-prefix']);
  const queueUrl = needed(values['queue-url'], '--queue-url');
  if (!values.accounts && !values.organization) throw new UsageError('give --accounts (ids separated by commas) or --organization');
  if (values.accounts && values.organization) throw new UsageError('give --accounts or --organization, not both');
  const listed = values.accounts?.split(',').map((a) => a.trim()).filter(Boolean) ?? [];
  const badId = listed.find((a) => !/^\d{12}$/.test(a));
  if (badId !== undefined || (values.accounts && listed.length === 0)) throw new UsageError(`--accounts: ${JSON.stringify(badId ?? values.accounts)} is not a list of 12-digit account ids separated by commas`);
  const accounts = values.organization ? (await listOrgAccounts(organizationsClient())).active.map((a) => a.id) : listed;
  const now = Date.now();
  const cutoff = iso(Math.floor(now / 60_000) * 60_000);
  const dayList = daysBack(now, days);
  const s3 = s3Client({ region });
  const result = await enqueueBackfill({
    s3,
    sqs: sqsClient({ region }),
    queueUrl,
    bucket,
    prefix,
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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return help(ACCESS_HELP);
  const account = needed(values.account, '--account');
  if (!/^\d{12}$/.test(account)) throw new UsageError('--account must be the 12-digit id of the account the stack is deployed in');
  const stack = { account, region: validRegion(needed(values.region, '--region'), '--region'), stage: validStage(values.stage) };
  const kmsKeyArn = values['trail-kms-key-arn'];
  if (kmsKeyArn) validKey(kmsKeyArn, stack.region);
  const trail = { bucket: validBucket(needed(values['trail-bucket'], '--trail-bucket')), prefix: validPrefix(values['trail-prefix']), ...(kmsKeyArn ? { kmsKeyArn } : {}) };
  // Every name that goes into a printed ARN is checked: a stray quote or `*` would make a policy that grants something else.
  const roleName = stackArns(stack).functionsRole.slice(stackArns(stack).functionsRole.indexOf('/') + 1);
  if (roleName.length > ROLE_NAME_MAX) throw new UsageError(`--stage ${stack.stage} is too long: the stack's role name ${roleName} would exceed IAM's ${ROLE_NAME_MAX} characters`);
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
