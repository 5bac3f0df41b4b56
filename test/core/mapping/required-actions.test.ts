import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { requiredActions } from '../../../core/mapping/required-actions.ts';
import { catalog } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

// The AWS documentation each case is checked against.
const S3_EVENTS = 'Amazon S3 User Guide, "Amazon S3 CloudTrail events", https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html';
const S3_PERMS = 'Amazon S3 Developer Guide, "Specifying Permissions in a Policy", https://docs.aws.amazon.com/AmazonS3/latest/dev/using-with-s3-actions.html';
const S3_REQUIRED = '"Required permissions for Amazon S3 API operations", https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html';
const S3_ATTRIBUTES = 'Amazon S3 API Reference, GetObjectAttributes, https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html';
const S3_COPY = 'Amazon S3 API Reference, CopyObject, https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html';
const S3_PUT = 'Amazon S3 API Reference, PutObject, Permissions ("To successfully change the objects ACL of your PutObject request, you must have the s3:PutObjectAcl"; likewise s3:PutObjectTagging for the tag-set), https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html';
const S3_LOCK = 'Amazon S3 User Guide, "Locking objects with Object Lock", Required permissions (retention: s3:PutObjectRetention; legal hold: s3:PutObjectLegalHold), https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-permissions';
const S3_PART_COPY = 'Amazon S3 API Reference, UploadPartCopy, https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html';
const LAMBDA_CT = 'AWS Lambda Developer Guide, "Logging Lambda API calls with CloudTrail" (eventName may carry date and version, GetFunction20150331)';
const LAMBDA_INVOKE = 'AWS Lambda API Reference, Invoke, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html';
const LAMBDA_STREAM = 'AWS Lambda API Reference, InvokeWithResponseStream, https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html';
const BEDROCK_CONVERSE = 'Amazon Bedrock API Reference, Converse, https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html';
const BEDROCK_STREAM = 'Amazon Bedrock API Reference, ConverseStream, https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html';
const BEDROCK_PREREQ = 'Amazon Bedrock User Guide, "Prerequisites for running model inference", https://docs.aws.amazon.com/bedrock/latest/userguide/inference-prereq.html';
const SECRETS_BATCH = 'AWS Secrets Manager API Reference, BatchGetSecretValue, https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html';
const SECRETS_GET = 'AWS Secrets Manager API Reference, GetSecretValue, https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html';
const KMS_REENCRYPT = 'AWS KMS API Reference, ReEncrypt ("kms:ReEncryptFrom permission on the source KMS key", "kms:ReEncryptTo permission on the destination KMS key"), https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html';
const KMS_DECRYPT = 'AWS KMS API Reference, Decrypt, https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html';
const DDB_LOG = 'DynamoDB Developer Guide, "Understanding DynamoDB log file entries" (TransactWriteItems, BatchExecuteStatement examples)';
const DDB_TX_IAM = 'DynamoDB Developer Guide, "Using IAM with DynamoDB transactions", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html';
const DDB_PARTIQL = 'DynamoDB Developer Guide, "IAM security policies with PartiQL for DynamoDB", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html';
const DDB_STREAMS = 'DynamoDB Developer Guide, "Change data capture for DynamoDB Streams" (streams.dynamodb.<region>.amazonaws.com)';
const DDB_API = 'Amazon DynamoDB API Reference, GetItem, https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html';
const SQS_BATCH = 'Amazon SQS API Reference, AddPermission ("also grants permissions for the corresponding batch versions"), https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html';
const SNS_BATCH = 'Amazon SNS API Reference, PublishBatch ("a batch version of Publish"); Service Authorization Reference for Amazon SNS defines no PublishBatch action';
const CW_CT = 'Amazon CloudWatch User Guide, "Logging Amazon CloudWatch API and console calls with AWS CloudTrail" (eventSource monitoring.amazonaws.com)';
const TAGGING_CT = 'Resource Groups Tagging API Reference, "Logging Resource Groups Tagging API calls with AWS CloudTrail" (eventSource tagging.amazonaws.com)';
const RDS_DATA_CT = 'Amazon Aurora User Guide, "Logging RDS Data API calls with AWS CloudTrail", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/logging-using-cloudtrail-data-api.html';
const MQ_CT = 'Amazon MQ Developer Guide, "Logging Amazon MQ API calls using AWS CloudTrail" (eventSource amazonmq.amazonaws.com)';
const APPREGISTRY_CT = 'AWS Service Catalog AppRegistry, "Logging AWS Service Catalog AppRegistry API calls using AWS CloudTrail" (eventSource servicecatalog-appregistry.amazonaws.com)';
const SES_ENDPOINTS = 'AWS General Reference, "Amazon Simple Email Service endpoints and quotas" (API host email.<region>.amazonaws.com)';
const ECR_ENDPOINTS = 'Amazon ECR User Guide, "Amazon ECR interface VPC endpoints (AWS PrivateLink)" (API host api.ecr.<region>.amazonaws.com)';

interface Expected {
  actions: string[];
  possible?: string[];
}

type Case = [source: string, eventName: string, params: Record<string, unknown> | undefined, expected: Expected, doc: string];

const v = { bucketName: 'media', key: 'a.txt', versionId: '3HL4kqtJlcpXroDTDmJ' };
/** What an upload may need beyond s3:PutObject when its record shows none of the headers. */
const UPLOAD_EXTRAS = ['s3:PutObjectAcl', 's3:PutObjectTagging', 's3:PutObjectRetention', 's3:PutObjectLegalHold'];
const plain = { bucketName: 'media', key: 'a.txt' };

const CASES: Case[] = [
  // S3 CloudTrail names that are not the API's name, and bucket configuration calls authorised by another action.
  ['s3', 'GetBucketLifecycle', plain, { actions: ['s3:GetLifecycleConfiguration'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  ['s3', 'PutBucketLifecycle', plain, { actions: ['s3:PutLifecycleConfiguration'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  ['s3', 'DeleteBucketLifecycle', plain, { actions: ['s3:PutLifecycleConfiguration'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  ['s3', 'GetBucketReplication', plain, { actions: ['s3:GetReplicationConfiguration'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  ['s3', 'PutBucketReplication', plain, { actions: ['s3:PutReplicationConfiguration'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  ['s3', 'DeleteBucketReplication', plain, { actions: ['s3:PutReplicationConfiguration'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  ['s3', 'DeleteBucketPublicAccessBlock', plain, { actions: ['s3:PutBucketPublicAccessBlock'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  ['s3', 'GetBucketPublicAccessBlock', plain, { actions: ['s3:GetBucketPublicAccessBlock'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  ['s3', 'DeleteAccountPublicAccessBlock', {}, { actions: ['s3:PutAccountPublicAccessBlock'] }, `${S3_EVENTS}; ${S3_REQUIRED}`],
  ['s3', 'GetObjectLockConfiguration', plain, { actions: ['s3:GetBucketObjectLockConfiguration'] }, `${S3_EVENTS}; ${S3_REQUIRED}`],
  ['s3', 'GetBucketNotification', plain, { actions: ['s3:GetBucketNotification'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  ['s3', 'GetBucketEncryption', plain, { actions: ['s3:GetEncryptionConfiguration'] }, S3_PERMS],
  ['s3', 'PutBucketEncryption', plain, { actions: ['s3:PutEncryptionConfiguration'] }, S3_PERMS],
  ['s3', 'DeleteBucketEncryption', plain, { actions: ['s3:PutEncryptionConfiguration'] }, S3_PERMS],
  ['s3', 'GetBucketCors', plain, { actions: ['s3:GetBucketCORS'] }, S3_PERMS],
  ['s3', 'DeleteBucketCors', plain, { actions: ['s3:PutBucketCORS'] }, S3_PERMS],
  ['s3', 'DeleteBucketTagging', plain, { actions: ['s3:PutBucketTagging'] }, S3_PERMS],
  ['s3', 'ListBucketAnalyticsConfigurations', plain, { actions: ['s3:GetAnalyticsConfiguration'] }, S3_PERMS],
  ['s3', 'DeleteBucketOwnershipControls', plain, { actions: ['s3:PutBucketOwnershipControls'] }, S3_REQUIRED],
  ['s3', 'DeleteBucketIntelligentTieringConfiguration', plain, { actions: ['s3:PutIntelligentTieringConfiguration'] }, S3_REQUIRED],
  // Listings.
  ['s3', 'ListObjects', plain, { actions: ['s3:ListBucket'] }, S3_PERMS],
  ['s3', 'ListObjectsV2', plain, { actions: ['s3:ListBucket'] }, S3_PERMS],
  ['s3', 'HeadBucket', plain, { actions: ['s3:ListBucket'] }, S3_PERMS],
  ['s3', 'ListObjectVersions', plain, { actions: ['s3:ListBucketVersions'] }, S3_PERMS],
  ['s3', 'ListBuckets', {}, { actions: ['s3:ListAllMyBuckets'] }, S3_PERMS],
  ['s3', 'ListMultipartUploads', plain, { actions: ['s3:ListBucketMultipartUploads'] }, S3_PERMS],
  ['s3', 'ListParts', plain, { actions: ['s3:ListMultipartUploadParts'] }, S3_PERMS],
  // Writes authorised as PutObject.
  ['s3', 'UploadPart', plain, { actions: ['s3:PutObject'] }, S3_PERMS],
  ['s3', 'CreateMultipartUpload', plain, { actions: ['s3:PutObject'], possible: UPLOAD_EXTRAS }, `${S3_PERMS}; ${S3_PUT}`],
  ['s3', 'CompleteMultipartUpload', plain, { actions: ['s3:PutObject'] }, S3_PERMS],
  ['s3', 'PostObject', plain, { actions: ['s3:PutObject'] }, `${S3_EVENTS}; ${S3_PERMS}`],
  // Uploads: the headers of the request need their own permissions; without them in the record, possibly.
  ['s3', 'PutObject', plain, { actions: ['s3:PutObject'], possible: UPLOAD_EXTRAS }, S3_PUT],
  ['s3', 'PutObject', { ...plain, 'x-amz-acl': 'bucket-owner-full-control' }, { actions: ['s3:PutObject', 's3:PutObjectAcl'], possible: ['s3:PutObjectTagging', 's3:PutObjectRetention', 's3:PutObjectLegalHold'] }, S3_PUT],
  ['s3', 'PutObject', { ...plain, 'x-amz-grant-read': 'id=abc' }, { actions: ['s3:PutObject', 's3:PutObjectAcl'], possible: ['s3:PutObjectTagging', 's3:PutObjectRetention', 's3:PutObjectLegalHold'] }, S3_PUT],
  ['s3', 'PutObject', { ...plain, 'x-amz-tagging': 'team=a' }, { actions: ['s3:PutObject', 's3:PutObjectTagging'], possible: ['s3:PutObjectAcl', 's3:PutObjectRetention', 's3:PutObjectLegalHold'] }, S3_PUT],
  ['s3', 'PutObject', { ...plain, 'x-amz-acl': 'private', 'x-amz-tagging': 'team=a' }, { actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging'], possible: ['s3:PutObjectRetention', 's3:PutObjectLegalHold'] }, S3_PUT],
  ['s3', 'PutObject', { ...plain, 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': '2027-01-01T00:00:00Z' }, { actions: ['s3:PutObject', 's3:PutObjectRetention'], possible: ['s3:PutObjectAcl', 's3:PutObjectTagging', 's3:PutObjectLegalHold'] }, `${S3_PUT}; ${S3_LOCK}`],
  ['s3', 'PutObject', { ...plain, 'x-amz-object-lock-legal-hold': 'ON' }, { actions: ['s3:PutObject', 's3:PutObjectLegalHold'], possible: ['s3:PutObjectAcl', 's3:PutObjectTagging', 's3:PutObjectRetention'] }, `${S3_PUT}; ${S3_LOCK}`],
  ['s3', 'CreateMultipartUpload', { ...plain, 'X-Amz-Tagging': 'a=b', 'x-amz-object-lock-legal-hold': 'OFF' }, { actions: ['s3:PutObject', 's3:PutObjectTagging', 's3:PutObjectLegalHold'], possible: ['s3:PutObjectAcl', 's3:PutObjectRetention'] }, `${S3_PUT}; ${S3_LOCK}`],
  // Reads, and object calls whose action depends on a versionId.
  ['s3', 'SelectObjectContent', plain, { actions: ['s3:GetObject'] }, S3_PERMS],
  ['s3', 'GetObject', plain, { actions: ['s3:GetObject'] }, S3_PERMS],
  ['s3', 'GetObject', v, { actions: ['s3:GetObjectVersion'] }, S3_PERMS],
  ['s3', 'HeadObject', plain, { actions: ['s3:GetObject'] }, S3_PERMS],
  ['s3', 'HeadObject', v, { actions: ['s3:GetObjectVersion'] }, S3_PERMS],
  ['s3', 'DeleteObject', plain, { actions: ['s3:DeleteObject'] }, S3_PERMS],
  ['s3', 'DeleteObject', v, { actions: ['s3:DeleteObjectVersion'] }, S3_PERMS],
  ['s3', 'DeleteObjectTagging', v, { actions: ['s3:DeleteObjectVersionTagging'] }, S3_PERMS],
  ['s3', 'GetObjectTagging', v, { actions: ['s3:GetObjectVersionTagging'] }, S3_PERMS],
  ['s3', 'GetObjectTagging', plain, { actions: ['s3:GetObjectTagging'] }, S3_PERMS],
  ['s3', 'PutObjectTagging', v, { actions: ['s3:PutObjectVersionTagging'] }, S3_PERMS],
  ['s3', 'GetObjectAcl', v, { actions: ['s3:GetObjectVersionAcl'] }, S3_PERMS],
  ['s3', 'PutObjectAcl', v, { actions: ['s3:PutObjectVersionAcl'] }, S3_PERMS],
  ['s3', 'GetObjectAttributes', v, { actions: ['s3:GetObjectVersion', 's3:GetObjectVersionAttributes'] }, S3_ATTRIBUTES],
  ['s3', 'GetObjectAttributes', plain, { actions: ['s3:GetObject', 's3:GetObjectAttributes'] }, S3_ATTRIBUTES],
  // Calls that need several permissions.
  ['s3', 'CopyObject', { ...plain, 'x-amz-copy-source': 'src/b.txt' }, { actions: ['s3:GetObject', 's3:PutObject'], possible: ['s3:GetObjectTagging', 's3:PutObjectTagging', 's3:PutObjectAcl'] }, S3_COPY],
  ['s3', 'CopyObject', { ...plain, 'x-amz-copy-source': 'src/b.txt?versionId=9', 'x-amz-tagging-directive': 'REPLACE' }, { actions: ['s3:GetObjectVersion', 's3:PutObject'], possible: ['s3:PutObjectTagging', 's3:PutObjectAcl'] }, S3_COPY],
  ['s3', 'UploadPartCopy', { ...plain, 'x-amz-copy-source': 'src/b.txt' }, { actions: ['s3:GetObject', 's3:PutObject'] }, S3_PART_COPY],
  ['s3', 'DeleteObjects', plain, { actions: ['s3:DeleteObject'], possible: ['s3:DeleteObjectVersion'] }, `${S3_EVENTS} (keys of a multi-object delete are not logged); ${S3_PERMS}`],
  // Lambda.
  ['lambda', 'Invoke', { functionName: 'f' }, { actions: ['lambda:InvokeFunction'] }, LAMBDA_INVOKE],
  ['lambda', 'InvokeWithResponseStream', { functionName: 'f' }, { actions: ['lambda:InvokeFunction'] }, LAMBDA_STREAM],
  ['lambda', 'GetFunction20150331v2', { functionName: 'f' }, { actions: ['lambda:GetFunction'] }, LAMBDA_CT],
  ['lambda', 'ListFunctions20150331', {}, { actions: ['lambda:ListFunctions'] }, LAMBDA_CT],
  ['lambda', 'UpdateFunctionCode20150331v2', { functionName: 'f' }, { actions: ['lambda:UpdateFunctionCode'] }, LAMBDA_CT],
  ['lambda', 'UntagResource20170331v2', {}, { actions: ['lambda:UntagResource'] }, LAMBDA_CT],
  // Bedrock.
  ['bedrock', 'Converse', { modelId: 'm' }, { actions: ['bedrock:InvokeModel'] }, BEDROCK_CONVERSE],
  ['bedrock', 'ConverseStream', { modelId: 'm' }, { actions: ['bedrock:InvokeModelWithResponseStream'] }, BEDROCK_STREAM],
  ['bedrock', 'InvokeModel', { modelId: 'm' }, { actions: ['bedrock:InvokeModel'] }, BEDROCK_PREREQ],
  // Secrets Manager and KMS.
  ['secretsmanager', 'BatchGetSecretValue', { secretIdList: ['a', 'b'] }, { actions: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue'] }, SECRETS_BATCH],
  ['secretsmanager', 'BatchGetSecretValue', { filters: [{ key: 'name', values: ['app'] }] }, { actions: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecrets'] }, SECRETS_BATCH],
  ['secretsmanager', 'GetSecretValue', { secretId: 'db' }, { actions: ['secretsmanager:GetSecretValue'] }, SECRETS_GET],
  ['kms', 'ReEncrypt', { sourceKeyId: 'k1', destinationKeyId: 'k2' }, { actions: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'] }, KMS_REENCRYPT],
  ['kms', 'Decrypt', {}, { actions: ['kms:Decrypt'] }, KMS_DECRYPT],
  // DynamoDB.
  ['dynamodb', 'GetItem', { tableName: 'orders' }, { actions: ['dynamodb:GetItem'] }, DDB_API],
  ['dynamodb', 'TransactWriteItems', { requestItems: [{ operation: 'Put', tableName: 'a' }, { operation: 'Update', tableName: 'a' }, { operation: 'Delete', TableName: 'b' }, { operation: 'ConditionCheck', TableName: 'c' }] }, { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'] }, `${DDB_LOG}; ${DDB_TX_IAM}`],
  ['dynamodb', 'TransactWriteItems', { transactItems: [{ put: { tableName: 'a' } }, { conditionCheck: { tableName: 'b' } }] }, { actions: ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem'] }, DDB_TX_IAM],
  ['dynamodb', 'TransactGetItems', { transactItems: [{ get: { tableName: 'a' } }] }, { actions: ['dynamodb:GetItem'] }, DDB_TX_IAM],
  ['dynamodb', 'ExecuteStatement', { statement: "SELECT * FROM Music WHERE Artist = 'x'" }, { actions: ['dynamodb:PartiQLSelect'] }, `${DDB_LOG}; ${DDB_PARTIQL}`],
  ['dynamodb', 'BatchExecuteStatement', { requestItems: [{ statement: 'UPDATE Music SET Album = ***(Redacted)' }, { statement: 'INSERT INTO Music VALUE {}' }] }, { actions: ['dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate'] }, `${DDB_LOG}; ${DDB_PARTIQL}`],
  ['streams.dynamodb', 'GetRecords', {}, { actions: ['dynamodb:GetRecords'] }, DDB_STREAMS],
  // SQS and SNS batches.
  ['sqs', 'SendMessageBatch', {}, { actions: ['sqs:SendMessage'] }, SQS_BATCH],
  ['sqs', 'DeleteMessageBatch', {}, { actions: ['sqs:DeleteMessage'] }, SQS_BATCH],
  ['sqs', 'ChangeMessageVisibilityBatch', {}, { actions: ['sqs:ChangeMessageVisibility'] }, SQS_BATCH],
  ['sns', 'PublishBatch', {}, { actions: ['sns:Publish'] }, SNS_BATCH],
  // eventSource hosts that are not the IAM prefix.
  ['monitoring', 'PutMetricAlarm', {}, { actions: ['cloudwatch:PutMetricAlarm'] }, CW_CT],
  ['tagging', 'GetResources', {}, { actions: ['tag:GetResources'] }, TAGGING_CT],
  ['rdsdataapi', 'ExecuteStatement', {}, { actions: ['rds-data:ExecuteStatement'] }, RDS_DATA_CT],
  ['rdsdata', 'BeginTransaction', {}, { actions: ['rds-data:BeginTransaction'] }, RDS_DATA_CT],
  ['amazonmq', 'ListBrokers', {}, { actions: ['mq:ListBrokers'] }, MQ_CT],
  ['servicecatalog-appregistry', 'ListApplications', {}, { actions: ['servicecatalog:ListApplications'] }, APPREGISTRY_CT],
  ['email', 'SendEmail', {}, { actions: ['ses:SendEmail'] }, SES_ENDPOINTS],
  ['api.ecr', 'GetAuthorizationToken', {}, { actions: ['ecr:GetAuthorizationToken'] }, ECR_ENDPOINTS],
];

describe('CloudTrail event → the IAM actions the call needed (AWS-documented cases)', () => {
  it('has a documented source for every case', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    for (const c of CASES) expect(c[4]).toMatch(/\S{10,}/);
  });

  it.each(CASES)('%s %s', (source, name, params, expected) => {
    const m = requiredActions(cat, `${source}.amazonaws.com`, name, params);
    expect(m.kind).toBe('mapped');
    if (m.kind !== 'mapped') return;
    expect(m.actions.map((a) => a.action).sort()).toEqual([...expected.actions].sort());
    expect(m.possible.map((a) => a.action).sort()).toEqual([...(expected.possible ?? [])].sort());
  });
});

describe('what the lookup says beyond the action names', () => {
  const map = (source: string, name: string, params?: Record<string, unknown> | null) =>
    requiredActions(cat, `${source}.amazonaws.com`, name, params);

  it('needs no permission for sts:GetCallerIdentity, and names the catalog action', () => {
    // AWS STS API Reference, GetCallerIdentity: "No permissions are required to perform this operation."
    expect(map('sts', 'GetCallerIdentity')).toEqual({ kind: 'no-permission', operation: 'sts:GetCallerIdentity', action: 'sts:GetCallerIdentity' });
  });

  it('attributes each transaction item to its table', () => {
    const m = map('dynamodb', 'TransactWriteItems', {
      requestItems: [{ operation: 'Put', tableName: 'orders' }, { operation: 'Put', tableName: 'audit' }, { operation: 'ConditionCheck', TableName: 'stock' }],
    });
    if (m.kind !== 'mapped') throw new Error(m.kind);
    const put = m.actions.find((a) => a.action === 'dynamodb:PutItem');
    expect(put?.resourceNames).toEqual(['orders', 'audit']);
    expect(put?.parts).toEqual(['requestItems[0].tableName', 'requestItems[1].tableName']);
    expect(m.actions.find((a) => a.action === 'dynamodb:ConditionCheckItem')?.resourceNames).toEqual(['stock']);
  });

  it('names the copy source as the read action’s resource and the key pair for ReEncrypt', () => {
    const copy = map('s3', 'CopyObject', { ...plain, 'x-amz-copy-source': 'src/b.txt' });
    if (copy.kind !== 'mapped') throw new Error(copy.kind);
    expect(copy.actions.find((a) => a.action === 's3:GetObject')?.resourceNames).toEqual(['src/b.txt']);
    expect(copy.actions.find((a) => a.action === 's3:PutObject')?.resourceNames).toBeUndefined();
    const re = map('kms', 'ReEncrypt', { sourceKeyId: 'k1', destinationKeyId: 'alias/k2' });
    if (re.kind !== 'mapped') throw new Error(re.kind);
    expect(re.actions.map((a) => [a.action, a.resourceNames])).toEqual([
      ['kms:ReEncryptFrom', ['k1']],
      ['kms:ReEncryptTo', ['alias/k2']],
    ]);
  });

  it('lists each secret of a batch read under GetSecretValue', () => {
    const m = map('secretsmanager', 'BatchGetSecretValue', { secretIdList: ['db', 'api-key'] });
    if (m.kind !== 'mapped') throw new Error(m.kind);
    expect(m.actions.find((a) => a.action === 'secretsmanager:GetSecretValue')?.resourceNames).toEqual(['db', 'api-key']);
  });

  it('says which rule credited an action', () => {
    const origins = (source: string, name: string, params?: Record<string, unknown>) => {
      const m = map(source, name, params);
      return m.kind === 'mapped' ? m.actions.map((a) => a.origin) : m.kind;
    };
    expect(origins('s3', 'ListBuckets')).toEqual(['dataset']);
    expect(origins('s3', 'GetObject', v)).toEqual(['hand']);
    expect(origins('dynamodb', 'GetItem')).toEqual(['default']);
  });

  it('reports what it tried for an eventName or a service the catalog does not know', () => {
    expect(map('s3', 'NoSuchCall')).toEqual({ kind: 'unmapped', operation: 's3:NoSuchCall', reason: 'unknown-action', tried: ['s3:NoSuchCall'] });
    expect(map('madeup', 'Thing')).toEqual({ kind: 'unmapped', operation: 'madeup:Thing', reason: 'unknown-action', tried: ['madeup:Thing'] });
  });

  it('reports a transaction whose items the record does not show, with every action it could have needed', () => {
    const m = map('dynamodb', 'TransactWriteItems', null);
    expect(m).toEqual({
      kind: 'unmapped',
      operation: 'dynamodb:TransactWriteItems',
      reason: 'request-needed',
      tried: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
    });
  });

  it('takes a versionless object call when the record has no request parameters', () => {
    const m = map('s3', 'GetObject', null);
    expect(m.kind === 'mapped' && m.actions.map((a) => a.action)).toEqual(['s3:GetObject']);
  });

  it('matches eventSource and eventName case-insensitively and accepts China-partition hosts', () => {
    const m = requiredActions(cat, 'S3.AMAZONAWS.COM.CN', 'getbucketlifecycle', {});
    expect(m.kind === 'mapped' && m.actions.map((a) => a.action)).toEqual(['s3:GetLifecycleConfiguration']);
  });
});
