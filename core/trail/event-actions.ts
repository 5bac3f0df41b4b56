/**
 * CloudTrail event → the IAM action(s) it was authorised against.
 *
 * Default rule: the prefix of `eventSource` (`s3.amazonaws.com` → `s3`) + `:` + `eventName`.
 * The tables below hold the exceptions, each with why. Every result is validated against
 * the catalog; an event that maps to nothing known is "unmapped" and reported with a count.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { Memo } from './memo.ts';

/** eventSource prefixes whose IAM service prefix differs. */
const SERVICE_PREFIX: Record<string, string> = {
  monitoring: 'cloudwatch', // CloudWatch's endpoint is monitoring.amazonaws.com
  email: 'ses', // SES v1 endpoint
  'api.ecr': 'ecr', // some ECR events carry the API subdomain
  'streams.dynamodb': 'dynamodb', // DynamoDB Streams is authorised under dynamodb:
};

/** Per-service event-name exceptions: eventName → action name(s). */
const EVENT_NAME: Record<string, Record<string, string[]>> = {
  s3: {
    ListObjects: ['ListBucket'], // listing is authorised as ListBucket on the bucket
    ListObjectsV2: ['ListBucket'],
    ListObjectVersions: ['ListBucketVersions'],
    HeadObject: ['GetObject'], // HEAD needs read permission on the object
    HeadBucket: ['ListBucket'],
    ListBuckets: ['ListAllMyBuckets'],
    DeleteObjects: ['DeleteObject'], // the batch call checks DeleteObject per key
    CopyObject: ['GetObject', 'PutObject'], // reads the source, writes the target
    UploadPart: ['PutObject'], // multipart uploads are authorised as PutObject
    UploadPartCopy: ['GetObject', 'PutObject'],
    CreateMultipartUpload: ['PutObject'],
    CompleteMultipartUpload: ['PutObject'],
    ListParts: ['ListMultipartUploadParts'],
    ListMultipartUploads: ['ListBucketMultipartUploads'],
    GetBucketEncryption: ['GetEncryptionConfiguration'],
    PutBucketEncryption: ['PutEncryptionConfiguration'],
  },
  lambda: {
    Invoke: ['InvokeFunction'],
  },
  sqs: {
    SendMessageBatch: ['SendMessage'], // batch variants are authorised as their single form
    DeleteMessageBatch: ['DeleteMessage'],
    ChangeMessageVisibilityBatch: ['ChangeMessageVisibility'],
  },
  sns: {
    PublishBatch: ['Publish'],
  },
  kms: {
    // ReEncrypt is authorised as both halves.
    ReEncrypt: ['ReEncryptFrom', 'ReEncryptTo'],
  },
};

/** Lambda's API names carry version suffixes in CloudTrail (`GetFunction20150331v2`). */
const LAMBDA_VERSION_SUFFIX = /\d{8}(v\d+)?$/;

export type EventMapping =
  | { ok: true; actions: string[] }
  | { ok: false; tried: string[] };

/**
 * The memo tables of event mapping (part of the fold's caches, see `foldCaches`): a trail
 * names a few hundred distinct sources and event names at most, millions of times each.
 */
export interface EventActionMemos {
  /** eventSource → IAM service prefix. */
  readonly serviceOfSource: Memo<string, string>;
  /** eventSource → eventName → mapping, for the one catalog of a fold. */
  readonly mappingOfEvent: Memo<string, Memo<string, EventMapping>>;
}

/** The IAM service prefix of an eventSource; `memos` remembers the answer. */
export function serviceOfEventSource(eventSource: string, memos?: EventActionMemos): string {
  const known = memos?.serviceOfSource.get(eventSource);
  if (known !== undefined) return known;
  const host = eventSource.toLowerCase().replace(/\.amazonaws\.com(\.cn)?$/, '');
  const service = SERVICE_PREFIX[host] ?? host.split('.')[0] ?? host;
  return memos ? memos.serviceOfSource.set(eventSource, service) : service;
}

/**
 * Map one event to catalog actions (canonical case). `requestParameters` refines a few
 * mappings (S3 object versions) when present; `memos` remembers answers for this catalog.
 */
export function actionsForEvent(
  catalog: Catalog,
  eventSource: string,
  eventName: string,
  requestParameters?: Record<string, unknown>,
  memos?: EventActionMemos,
): EventMapping {
  // Only S3's versioned read depends on the request; every other mapping is a pure function of the names.
  const versioned = typeof requestParameters?.versionId === 'string' && eventName === 'GetObject';
  if (versioned || !memos) return mapEvent(catalog, eventSource, eventName, versioned, memos);
  const bySource = memos.mappingOfEvent;
  const byName = bySource.get(eventSource) ?? bySource.set(eventSource, new Memo(bySource.limit));
  return byName.get(eventName) ?? byName.set(eventName, mapEvent(catalog, eventSource, eventName, false, memos));
}

function mapEvent(catalog: Catalog, eventSource: string, eventName: string, versioned: boolean, memos: EventActionMemos | undefined): EventMapping {
  const service = serviceOfEventSource(eventSource, memos);
  let name = eventName;
  if (service === 'lambda') name = name.replace(LAMBDA_VERSION_SUFFIX, '');
  let names = EVENT_NAME[service]?.[name] ?? [name];
  // A versioned read is authorised as GetObjectVersion (a different, often ungranted, action).
  if (service === 's3' && name === 'GetObject' && versioned) {
    names = ['GetObjectVersion'];
  }
  const tried = names.map((n) => `${service}:${n}`);
  const actions: string[] = [];
  for (const t of tried) {
    const hit = catalog.lookup(t);
    if (!hit) return { ok: false, tried };
    actions.push(hit.action);
  }
  return { ok: true, actions };
}

const MESSAGE_ACTION = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/i;

/** The action named in an access-denied message (`... not authorized to perform: dynamodb:PutItem ...`). */
export function actionFromDenialMessage(catalog: Catalog, message: string | undefined): string | undefined {
  const m = message ? MESSAGE_ACTION.exec(message) : null;
  return m?.[1] ? catalog.lookup(m[1])?.action : undefined;
}
