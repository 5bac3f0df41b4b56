/**
 * Is a record a data event, when the record does not say? Records before 2019 (and some
 * exports) carry neither `eventCategory` nor `managementEvent`; the event's own name then
 * decides, from the operations AWS documents as data events.
 *
 * This table is read in one direction only: to claim that the input holds data events of
 * a service (and so that a missing data-plane call of it is "unused"). A wrong "data"
 * would invent that evidence, so only operations that are data events in every era of
 * CloudTrail are listed; operations AWS has moved between the kinds, or that are unclear,
 * are `unknown` and count as evidence of neither kind. Everything else is management.
 */

/** What a record's name says about its kind. */
export type EventKind = 'data' | 'management' | 'unknown';

/** Service prefix → data-event operation names. Each list cites the page that lists them. */
const DATA_EVENTS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  // Amazon S3 User Guide, "Amazon S3 CloudTrail events", data events of resource type
  // AWS::S3::Object ("object-level API operations"), https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html.
  ['s3', new Set([
    'AbortMultipartUpload', 'CompleteMultipartUpload', 'CopyObject', 'CreateMultipartUpload', 'DeleteObject', 'DeleteObjects',
    'DeleteObjectTagging', 'GetObject', 'GetObjectAcl', 'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectRetention',
    'GetObjectTagging', 'GetObjectTorrent', 'HeadObject', 'PostObject', 'PutObject', 'PutObjectAcl', 'PutObjectLegalHold',
    'PutObjectRetention', 'PutObjectTagging', 'RestoreObject', 'SelectObjectContent', 'UploadPart', 'UploadPartCopy', 'ListParts',
  ])],
  // Same page: S3 Object Lambda access points (AWS::S3ObjectLambda::AccessPoint) log only data events,
  // under eventSource s3-object-lambda.amazonaws.com.
  ['s3-object-lambda', new Set(['*'])],
  // AWS Lambda Developer Guide, "Logging Lambda API calls with CloudTrail": "Invoke" is the data event
  // (resource type AWS::Lambda::Function); InvokeWithResponseStream is authorised and logged the same way.
  ['lambda', new Set(['Invoke', 'InvokeWithResponseStream'])],
  // DynamoDB Developer Guide, "Logging DynamoDB operations by using AWS CloudTrail", "DynamoDB data plane events".
  ['dynamodb', new Set([
    'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchGetItem', 'BatchWriteItem', 'Query', 'Scan',
    'TransactGetItems', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction',
    'GetRecords', 'GetShardIterator',
  ])],
  // Amazon Bedrock User Guide, "Monitor Amazon Bedrock API calls using CloudTrail": agent, knowledge-base
  // and flow invocations are data events; InvokeModel, InvokeModelWithResponseStream, Converse and
  // ConverseStream are management events (so they are not listed here).
  ['bedrock', new Set(['InvokeAgent', 'InvokeInlineAgent', 'Retrieve', 'RetrieveAndGenerate', 'InvokeFlow'])],
]);

/**
 * S3 listings were logged as management events by early trails and are data events today
 * (same S3 page): a record of one without a category proves neither kind.
 */
const EITHER_KIND: ReadonlyMap<string, ReadonlySet<string>> = new Map([['s3', new Set(['ListObjects', 'ListObjectsV2', 'ListObjectVersions'])]]);

/** The kind of a record that carries neither `eventCategory` nor `managementEvent`, from its service and name. */
export function kindOfUnlabelledEvent(service: string, eventName: string): EventKind {
  const data = DATA_EVENTS.get(service);
  if (data && (data.has(eventName) || data.has('*'))) return 'data';
  return EITHER_KIND.get(service)?.has(eventName) ? 'unknown' : 'management';
}
