/**
 * The "container" of a data event: the S3 bucket, DynamoDB table, Lambda function, SQS
 * queue, SNS topic, Kinesis stream or Firehose delivery stream it acted on. A trail selects
 * data events per container (a bucket, a table), so data events of one bucket prove
 * nothing about another: the usage aggregate keeps, per service and kind, the containers
 * whose data events the window holds, and a data-plane action is unused only when every
 * container its grant reaches is among them (core/analyze/data-containers.ts): a pattern
 * that names no container ("open") never lets it be unused.
 *
 * One key format serves both sides, the record's and the grant's ARN pattern's: the bucket
 * name for S3 (bucket names are global), `region:account:name` for the others. A record
 * whose container cannot be placed records none (absence proves nothing then); a pattern
 * with a wildcard in the container, or of a shape not listed here, names no container.
 */

/** Services whose data events are kept per container. */
export const CONTAINER_SERVICES: ReadonlySet<string> = new Set(['s3', 'dynamodb', 'lambda', 'sqs', 'sns', 'kinesis', 'firehose']);

/** Longest name kept: AWS's own limits are 63 (buckets) to 256 (functions by ARN); longer input is hostile. */
const NAME_LIMIT = 512;

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= NAME_LIMIT ? v : undefined;
}

/** `region:account:name` of an ARN `arn:partition:service:region:account:<prefix><name>[<sep>…]`. */
function fromArn(arn: string, prefix: string, sep: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || !parts[3] || !parts[4]) return undefined;
  const resource = parts.slice(5).join(':');
  if (!resource.startsWith(prefix)) return undefined;
  const rest = resource.slice(prefix.length);
  const end = rest.indexOf(sep);
  const name = end < 0 ? rest : rest.slice(0, end);
  return name ? `${parts[3]}:${parts[4]}:${name}` : undefined;
}

/** A name the request gives plainly (not as an ARN), placed in the record's region and account. */
function local(r: Record<string, any>, name: string): string | undefined {
  const region = text(r.awsRegion);
  const account = text(r.recipientAccountId) ?? text(r.userIdentity?.accountId);
  return region && account ? `${region}:${account}:${name}` : undefined;
}

function lambdaKey(r: Record<string, any>, fn: string): string | undefined {
  if (fn.startsWith('arn:')) return fromArn(fn, 'function:', ':');
  const parts = fn.split(':');
  // `account:function:name[:qualifier]` (a partial ARN) or `name[:qualifier]`.
  if (parts[1] === 'function' && parts[2]) {
    const region = text(r.awsRegion);
    return region ? `${region}:${parts[0]}:${parts[2]}` : undefined;
  }
  return parts[0] ? local(r, parts[0]) : undefined;
}

function queueKey(r: Record<string, any>, url: string): string | undefined {
  const m = /^https?:\/\/[^/]+\/(\d{12})\/([^/?]+)$/.exec(url);
  const region = text(r.awsRegion);
  return m && region ? `${region}:${m[1]}:${m[2]}` : undefined;
}

/**
 * The container as the request writes it (before it is placed in a region and account):
 * what the fold's memo is keyed by. One literal field per service: a computed key made
 * every read a generic (slow) property lookup.
 */
export function containerNameOf(service: string, r: Record<string, any>): unknown {
  const p = r.requestParameters;
  if (typeof p !== 'object' || p === null) return undefined;
  switch (service) {
    case 's3':
      return p.bucketName;
    case 'dynamodb':
      return p.tableName;
    case 'lambda':
      return p.functionName;
    case 'sqs':
      return p.queueUrl;
    case 'sns':
      return p.topicArn;
    case 'kinesis':
      return p.streamARN ?? p.streamName;
    case 'firehose':
      return p.deliveryStreamName;
    default:
      return undefined;
  }
}

/**
 * The container key of a raw data-event record of `service`, or undefined when the record
 * does not name one plainly (a batch over several tables, an access point alias). Reads
 * one or two request fields: this runs for every data event of the fold.
 */
export function containerOfRecord(service: string, r: Record<string, any>): string | undefined {
  const p = r.requestParameters;
  if (typeof p !== 'object' || p === null) return undefined;
  switch (service) {
    case 's3': {
      const bucket = text(p.bucketName);
      return bucket && !bucket.includes(':') && !bucket.includes('/') ? bucket : undefined;
    }
    case 'dynamodb': {
      const table = text(p.tableName);
      if (!table) return undefined;
      return table.startsWith('arn:') ? fromArn(table, 'table/', '/') : local(r, table);
    }
    case 'lambda': {
      const fn = text(p.functionName);
      return fn ? lambdaKey(r, fn) : undefined;
    }
    case 'sqs': {
      const url = text(p.queueUrl);
      return url ? queueKey(r, url) : undefined;
    }
    case 'sns': {
      const topic = text(p.topicArn);
      return topic ? fromArn(topic, '', ':') : undefined;
    }
    case 'kinesis': {
      const arn = text(p.streamARN);
      if (arn) return fromArn(arn, 'stream/', '/');
      const name = text(p.streamName);
      return name ? local(r, name) : undefined;
    }
    case 'firehose': {
      const name = text(p.deliveryStreamName);
      return name ? local(r, name) : undefined;
    }
    default:
      return undefined;
  }
}

/** What one `Resource` pattern of a grant says about the containers it reaches. */
export type ContainerPattern =
  /** Exactly one container, by key. */
  | { kind: 'named'; key: string }
  /** Any number of containers: a wildcard or variable in the container, or a resource shape not placed here. */
  | { kind: 'open' }
  /** A resource of another service: it reaches nothing of this one. */
  | { kind: 'elsewhere' };

const OPEN: ContainerPattern = { kind: 'open' };
const ELSEWHERE: ContainerPattern = { kind: 'elsewhere' };
const WILD = /[*?]|\$\{/;

/** The resource-part prefix and name separator of each service's container, for `fromArn`. */
const CONTAINER_SHAPE: Readonly<Record<string, readonly [prefix: string, sep: string]>> = {
  dynamodb: ['table/', '/'],
  lambda: ['function:', ':'],
  sqs: ['', ':'],
  sns: ['', ':'],
  kinesis: ['stream/', '/'],
  firehose: ['deliverystream/', '/'],
};

/** The container a grant's `Resource` pattern names, for an action of `service`. */
export function containerOfPattern(service: string, pattern: string): ContainerPattern {
  if (pattern === '*') return OPEN;
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return OPEN;
  if (parts[2] !== service) return WILD.test(parts[2]!) ? OPEN : ELSEWHERE;
  if (service === 's3') {
    // Buckets and objects have no region or account in their ARN; access points, jobs and the rest do.
    if (parts[3] || parts[4]) return OPEN;
    const bucket = parts.slice(5).join(':').split('/')[0]!;
    return !bucket || WILD.test(bucket) ? OPEN : { kind: 'named', key: bucket };
  }
  const shape = CONTAINER_SHAPE[service];
  if (!shape) return OPEN;
  const key = fromArn(pattern, shape[0], shape[1]);
  return key && !WILD.test(key) ? { kind: 'named', key } : OPEN;
}
