/** `ObjectStore` on an S3 bucket (the stack's own, encrypted, TLS-only). */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ConditionalWrite, ObjectStore, VersionedObject, WriteCondition } from './object-store.ts';

type SdkError = { name?: string; $metadata?: { httpStatusCode?: number } };
const status = (e: unknown) => (e as SdkError).$metadata?.httpStatusCode;
const isMissing = (e: unknown) => (e as SdkError).name === 'NoSuchKey' || status(e) === 404;

export class S3Store implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async get(key: string): Promise<Buffer | undefined> {
    return (await this.getVersioned(key))?.body;
  }

  async getVersioned(key: string): Promise<VersionedObject | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: Buffer.from(await out.Body!.transformToByteArray()), etag: out.ETag ?? '' };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async put(key: string, body: Buffer | string, contentType = 'application/octet-stream'): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async putIf(key: string, body: Buffer | string, condition: WriteCondition, contentType = 'application/octet-stream'): Promise<ConditionalWrite> {
    const header = condition.kind === 'create' ? { IfNoneMatch: '*' } : { IfMatch: condition.etag };
    try {
      const out = await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ...header }));
      return { written: true, etag: out.ETag ?? '' };
    } catch (e) {
      // 412: the condition did not hold; 409: a concurrent conditional write won the race.
      if (status(e) === 412 || status(e) === 409 || (e as SdkError).name === 'PreconditionFailed') {
        return { written: false, reason: condition.kind === 'create' ? 'exists' : 'changed' };
      }
      if (condition.kind === 'replace' && isMissing(e)) return { written: false, reason: 'missing' };
      throw e;
    }
  }

  async list(prefix: string, startAfter?: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}) }),
      );
      for (const c of out.Contents ?? []) if (c.Key) keys.push(c.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  describe(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }
}
