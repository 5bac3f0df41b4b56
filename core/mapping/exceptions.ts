/**
 * Hand exceptions to the generated table: only where the dataset is wrong or silent, each
 * with the AWS documentation that says so. An operation listed here replaces the dataset's
 * rule for that operation whole (one source per operation, so a reader sees one answer).
 * The generator reads this file too: the actions named here count as authorised by an
 * operation when it derives the permission-only list.
 */
import type { ActionRule } from './types.ts';

/**
 * eventSource hosts (without `.amazonaws.com`) whose IAM prefix differs, beyond the
 * dataset's `cloudtrail_service_mappings`.
 */
export const HAND_HOSTS: Readonly<Record<string, string>> = {
  // SES's API host is email.<region>.amazonaws.com (AWS General Reference, "Amazon Simple
  // Email Service endpoints and quotas"); its IAM prefix is ses. Kept from the earlier hand table.
  email: 'ses',
  // ECR's API host is api.ecr.<region>.amazonaws.com (Amazon ECR User Guide, "Amazon ECR
  // interface VPC endpoints (AWS PrivateLink)", the com.amazonaws.<region>.ecr.api endpoint).
  'api.ecr': 'ecr',
  // "The naming convention for DynamoDB Streams endpoints is streams.dynamodb.<region>.amazonaws.com"
  // (DynamoDB Developer Guide, "Change data capture for DynamoDB Streams"); its actions are dynamodb:*.
  'streams.dynamodb': 'dynamodb',
  // "all Data API events are data events where the event source is rdsdataapi.amazonaws.com"
  // (Amazon Aurora User Guide, "Logging RDS Data API calls with AWS CloudTrail",
  // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/logging-using-cloudtrail-data-api.html).
  rdsdataapi: 'rds-data',
};

/**
 * Lambda's CloudTrail event names carry the API version: "the eventName might include date
 * and version information, but it is still referring to the same public API. For example
 * the GetFunction action might appear as GetFunction20150331" (AWS Lambda Developer Guide,
 * "Logging Lambda API calls with CloudTrail"). Seen as ...20150331, ...20150331v2, ...20170331v2.
 */
const LAMBDA_VERSION_SUFFIX = /\d{8}(v\d+)?$/;

/** The API operation an eventName stands for (today only Lambda's dated names differ). */
export function operationName(service: string, eventName: string): string {
  return service === 'lambda' ? eventName.replace(LAMBDA_VERSION_SUFFIX, '') : eventName;
}

// S3_PERMS below: "Specifying Permissions in a Policy", Amazon S3 Developer Guide,
// https://docs.aws.amazon.com/AmazonS3/latest/dev/using-with-s3-actions.html. Its table gives the
// …Version… actions for the same operations "for a Specific Version of the Object", i.e. when the
// request names a versionId.

/** `plain` without a versionId in the request, `versioned` with one. */
function byVersion(plain: string, versioned: string): ActionRule[] {
  return [
    { action: plain, when: { path: 'versionId', is: 'absent' } },
    { action: versioned, when: { path: 'versionId', is: 'present' } },
  ];
}

/** The read of a copy source: GetObjectVersion when `x-amz-copy-source` names `?versionId=`. */
const COPY_SOURCE_READ: ActionRule[] = [
  { action: 's3:GetObject', when: { path: 'x-amz-copy-source', is: 'not-containing', value: 'versionId=' }, resource: 'x-amz-copy-source' },
  { action: 's3:GetObjectVersion', when: { path: 'x-amz-copy-source', is: 'containing', value: 'versionId=' }, resource: 'x-amz-copy-source' },
];

/**
 * The permissions an upload's headers need beyond s3:PutObject, for PutObject and
 * CreateMultipartUpload (which takes the same headers; the parts and the completion carry
 * none). Credited when the request shows the header; "possible" when it does not, since
 * CloudTrail's record of a request need not list every header sent.
 * - "s3:PutObjectAcl - To successfully change the objects ACL of your PutObject request, you
 *   must have the s3:PutObjectAcl"; "s3:PutObjectTagging - To successfully set the tag-set
 *   with your PutObject request, you must have the s3:PutObjectTagging" (Amazon S3 API
 *   Reference, PutObject, Permissions, https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
 *   An ACL is set by `x-amz-acl` (a canned ACL) or the `x-amz-grant-*` headers (same page).
 * - Object Lock: a retention mode and date (`x-amz-object-lock-mode`,
 *   `x-amz-object-lock-retain-until-date`) need s3:PutObjectRetention, a legal hold
 *   (`x-amz-object-lock-legal-hold`) s3:PutObjectLegalHold (Amazon S3 User Guide, "Locking
 *   objects with Object Lock", Required permissions,
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-permissions).
 */
const UPLOAD_HEADERS: ActionRule[] = [
  ...['x-amz-acl', 'x-amz-grant-full-control', 'x-amz-grant-read', 'x-amz-grant-read-acp', 'x-amz-grant-write-acp'].map(
    (header): ActionRule => ({ action: 's3:PutObjectAcl', when: { path: header, is: 'present' } }),
  ),
  { action: 's3:PutObjectAcl', possible: true },
  { action: 's3:PutObjectTagging', when: { path: 'x-amz-tagging', is: 'present' } },
  { action: 's3:PutObjectTagging', possible: true },
  { action: 's3:PutObjectRetention', when: { path: 'x-amz-object-lock-mode', is: 'present' } },
  { action: 's3:PutObjectRetention', when: { path: 'x-amz-object-lock-retain-until-date', is: 'present' } },
  { action: 's3:PutObjectRetention', possible: true },
  { action: 's3:PutObjectLegalHold', when: { path: 'x-amz-object-lock-legal-hold', is: 'present' } },
  { action: 's3:PutObjectLegalHold', possible: true },
];

/** DynamoDB transaction items, in the shape CloudTrail records and in the SDK's request shape. */
function transactItem(action: string, operation: string, sdkKey: string): ActionRule[] {
  return [
    // CloudTrail: requestParameters.requestItems[] with "operation": "Put" | "Update" | "Delete" |
    // "ConditionCheck" (DynamoDB Developer Guide, "Understanding DynamoDB log file entries",
    // the TransactWriteItems examples).
    { action, when: { path: `requestItems[operation=${operation}]`, is: 'present' }, resource: `requestItems[operation=${operation}].tableName` },
    // The API's own shape, TransactItems[].Put etc. (iam-dataset's mapping); some exports carry it.
    { action, when: { path: `transactItems[].${sdkKey}`, is: 'present' }, resource: `transactItems[].${sdkKey}.tableName` },
  ];
}

/** IAM prefix → eventName → the actions that call needs. */
export const HAND_OPERATIONS: Readonly<Record<string, Readonly<Record<string, ActionRule[]>>>> = {
  s3: {
    // The dataset maps these object calls to one action whatever the request; the S3 table
    // (S3_PERMS) gives the …Version… action when a versionId is named.
    GetObject: byVersion('s3:GetObject', 's3:GetObjectVersion'),
    DeleteObject: byVersion('s3:DeleteObject', 's3:DeleteObjectVersion'),
    GetObjectTagging: byVersion('s3:GetObjectTagging', 's3:GetObjectVersionTagging'),
    PutObjectTagging: byVersion('s3:PutObjectTagging', 's3:PutObjectVersionTagging'),
    DeleteObjectTagging: byVersion('s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging'),
    GetObjectAcl: byVersion('s3:GetObjectAcl', 's3:GetObjectVersionAcl'),
    PutObjectAcl: byVersion('s3:PutObjectAcl', 's3:PutObjectVersionAcl'),
    // "you must have the s3:GetObjectVersion and s3:GetObjectVersionAttributes permissions" for a
    // version, s3:GetObject and s3:GetObjectAttributes otherwise (Amazon S3 API Reference, GetObjectAttributes,
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html).
    GetObjectAttributes: [
      ...byVersion('s3:GetObject', 's3:GetObjectVersion'),
      ...byVersion('s3:GetObjectAttributes', 's3:GetObjectVersionAttributes'),
    ],
    // "you must have read access to the source object and write access to the destination bucket";
    // a source version is named by appending ?versionId= to x-amz-copy-source (Amazon S3 API Reference,
    // CopyObject and UploadPartCopy). The dataset credits ListBucket, tagging and ACL actions on every
    // copy; whether tags or an ACL were copied or set is not in the record, so those are "possible".
    CopyObject: [
      ...COPY_SOURCE_READ,
      's3:PutObject',
      { action: 's3:GetObjectTagging', when: { path: 'x-amz-tagging-directive', is: 'not-equal', value: 'REPLACE' }, resource: 'x-amz-copy-source', possible: true },
      { action: 's3:PutObjectTagging', possible: true },
      { action: 's3:PutObjectAcl', possible: true },
    ],
    UploadPartCopy: [...COPY_SOURCE_READ, 's3:PutObject'],
    // The dataset maps PutObject to s3:PutObject alone, CreateMultipartUpload likewise; their headers may need more.
    PutObject: ['s3:PutObject', ...UPLOAD_HEADERS],
    CreateMultipartUpload: ['s3:PutObject', ...UPLOAD_HEADERS],
    // "CloudTrail does not log key names for the keys that are deleted using the Delete Multiple
    // Objects operation" (Amazon S3 User Guide, "Amazon S3 CloudTrail events",
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html), so
    // whether versions were deleted (s3:DeleteObjectVersion) cannot be seen.
    DeleteObjects: ['s3:DeleteObject', { action: 's3:DeleteObjectVersion', possible: true }],
    // CloudTrail names DeletePublicAccessBlock "DeleteBucketPublicAccessBlock" and the account-level
    // one "DeleteAccountPublicAccessBlock" ("Amazon S3 CloudTrail events"); both are authorised by the
    // Put… action ("s3:PutBucketPublicAccessBlock: PUT PublicAccessBlock, DELETE PublicAccessBlock",
    // S3_PERMS). The dataset keys them by the API name, which CloudTrail never records.
    DeleteBucketPublicAccessBlock: ['s3:PutBucketPublicAccessBlock'],
    DeleteAccountPublicAccessBlock: ['s3:PutAccountPublicAccessBlock'],
    // PostObject (browser form upload) is an object-level CloudTrail event ("Amazon S3 CloudTrail
    // events"); "s3:PutObject: PUT Object, POST Object, …" (S3_PERMS).
    PostObject: ['s3:PutObject'],
    // The dataset names actions the catalog does not have (s3:DeleteBucketOwnershipControls,
    // s3:DeleteIntelligentTieringConfiguration); deleting these configurations is authorised by the
    // Put… action ("Required permissions for Amazon S3 API operations",
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html).
    DeleteBucketOwnershipControls: ['s3:PutBucketOwnershipControls'],
    DeleteBucketIntelligentTieringConfiguration: ['s3:PutIntelligentTieringConfiguration'],
  },
  sqs: {
    // "Specifying SendMessage, DeleteMessage, or ChangeMessageVisibility … also grants permissions for the
    // corresponding batch versions of those actions" (Amazon SQS API Reference, AddPermission); the
    // dataset names sqs:DeleteMessageBatch and sqs:ChangeMessageVisibilityBatch, which IAM does not define.
    SendMessageBatch: ['sqs:SendMessage'],
    DeleteMessageBatch: ['sqs:DeleteMessage'],
    ChangeMessageVisibilityBatch: ['sqs:ChangeMessageVisibility'],
  },
  lambda: {
    // "This operation requires permission for the lambda:InvokeFunction action" (AWS Lambda API
    // Reference, InvokeWithResponseStream, https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html).
    InvokeWithResponseStream: ['lambda:InvokeFunction'],
  },
  bedrock: {
    // "This operation requires permission for the bedrock:InvokeModel action" (Amazon Bedrock API
    // Reference, Converse, https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
    Converse: ['bedrock:InvokeModel'],
    // "This operation requires permission for the bedrock:InvokeModelWithResponseStream action"
    // (Amazon Bedrock API Reference, ConverseStream, …/API_runtime_ConverseStream.html).
    ConverseStream: ['bedrock:InvokeModelWithResponseStream'],
  },
  secretsmanager: {
    // "Required permissions: secretsmanager:BatchGetSecretValue, and you must have
    // secretsmanager:GetSecretValue for each secret. If you use filters, you must also have
    // secretsmanager:ListSecrets" (AWS Secrets Manager API Reference, BatchGetSecretValue,
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html).
    // Secrets Manager also logs a GetSecretValue event per secret, so the same use may be counted twice.
    BatchGetSecretValue: [
      'secretsmanager:BatchGetSecretValue',
      { action: 'secretsmanager:GetSecretValue', resource: 'secretIdList' },
      { action: 'secretsmanager:ListSecrets', when: { path: 'filters', is: 'present' } },
    ],
  },
  sns: {
    // "This is a batch version of Publish" (Amazon SNS API Reference, PublishBatch); the Service
    // Authorization Reference for Amazon SNS defines no PublishBatch action, so IAM checks sns:Publish.
    PublishBatch: ['sns:Publish'],
  },
  dynamodb: {
    // "Permissions for Put, Update, Delete, and Get actions are governed by the permissions used for
    // the underlying PutItem, UpdateItem, DeleteItem, and GetItem operations. For the ConditionCheck
    // action, you can use the dynamodb:ConditionCheck permission" (DynamoDB Developer Guide, "Using IAM
    // with DynamoDB transactions", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
    // The dataset reads only the SDK's TransactItems; CloudTrail records requestItems[].operation.
    TransactWriteItems: [
      ...transactItem('dynamodb:PutItem', 'Put', 'put'),
      ...transactItem('dynamodb:UpdateItem', 'Update', 'update'),
      ...transactItem('dynamodb:DeleteItem', 'Delete', 'delete'),
      ...transactItem('dynamodb:ConditionCheckItem', 'ConditionCheck', 'conditionCheck'),
    ],
    // Every item of TransactGetItems is a Get (same page); the tables come from either shape.
    TransactGetItems: [
      { action: 'dynamodb:GetItem', resource: 'requestItems[].tableName' },
      { action: 'dynamodb:GetItem', resource: 'transactItems[].get.tableName' },
    ],
    // CloudTrail records BatchExecuteStatement as requestItems[].statement ("Understanding DynamoDB
    // log file entries"); the dataset reads the SDK's Statements[].Statement.
    BatchExecuteStatement: [
      ...partiql('requestItems[].statement'),
      ...partiql('statements[].statement'),
    ],
  },
};

/** PartiQL statements are authorised by the verb they start with, as iam-dataset maps ExecuteStatement. */
function partiql(path: string): ActionRule[] {
  return (['Select', 'Insert', 'Update', 'Delete'] as const).map((verb) => ({
    action: `dynamodb:PartiQL${verb}`,
    when: { path, is: 'containing' as const, value: `${verb.toUpperCase()} ` },
  }));
}
