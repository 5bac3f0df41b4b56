/**
 * CloudTrail event → the IAM action(s) it was authorised against.
 *
 * Default rule: the prefix of `eventSource` (`s3.amazonaws.com` → `s3`) + `:` + `eventName`.
 * The tables below hold the exceptions, each with why. Every result is validated against
 * the catalog; an event that maps to nothing known is "unmapped" and reported with a count.
 */
import type { Catalog } from '../catalog/catalog.ts';

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

/** The IAM service prefix of an eventSource. */
export function serviceOfEventSource(eventSource: string): string {
  let service = serviceCache.get(eventSource);
  if (service === undefined) {
    const host = eventSource.toLowerCase().replace(/\.amazonaws\.com(\.cn)?$/, '');
    service = SERVICE_PREFIX[host] ?? host.split('.')[0] ?? host;
    if (serviceCache.size < 10_000) serviceCache.set(eventSource, service);
  }
  return service;
}

// Per-process memo tables: a few hundred distinct sources and names cover any account.
const serviceCache = new Map<string, string>();
const mappingCache = new WeakMap<Catalog, Map<string, Map<string, EventMapping>>>();

/**
 * Map one event to catalog actions (canonical case).
 * `requestParameters` refines a few mappings (S3 object versions) when present.
 */
export function actionsForEvent(
  catalog: Catalog,
  eventSource: string,
  eventName: string,
  requestParameters?: Record<string, unknown>,
): EventMapping {
  // Only S3's versioned read depends on the request; every other mapping is a pure function of the names.
  const versioned = typeof requestParameters?.versionId === 'string' && eventName === 'GetObject';
  if (versioned) return mapEvent(catalog, eventSource, eventName, true);
  let bySource = mappingCache.get(catalog);
  if (!bySource) {
    bySource = new Map();
    mappingCache.set(catalog, bySource);
  }
  let byName = bySource.get(eventSource);
  if (!byName) {
    byName = new Map();
    if (bySource.size < 10_000) bySource.set(eventSource, byName);
  }
  let result = byName.get(eventName);
  if (!result) {
    result = mapEvent(catalog, eventSource, eventName, false);
    if (byName.size < 10_000) byName.set(eventName, result);
  }
  return result;
}

function mapEvent(catalog: Catalog, eventSource: string, eventName: string, versioned: boolean): EventMapping {
  const service = serviceOfEventSource(eventSource);
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
