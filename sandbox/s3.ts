/**
 * The S3 REST calls the stack uses, path-style: PutObject (with conditional writes:
 * `If-None-Match: *` and `If-Match: <etag>`, answering 412 PreconditionFailed as S3 does),
 * GetObject, HeadObject, DeleteObject, ListObjectsV2 (prefix, delimiter,
 * continuation tokens, start-after). Keys are checked as S3 checks them; every write is recorded. A bucket
 * lives in one region: a request signed for another answers 301 PermanentRedirect.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, enter, xmlEscape, type SandboxState } from './server.ts';
import { checkObjectRead, objectStored } from './trail-bucket.ts';

/** Undo `aws-chunked` content encoding (chunk-size;ext\r\ndata\r\n ... 0\r\ntrailers). */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(body.subarray(i, eol).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function checkKey(key: string): void {
  if (key.length === 0) throw new AwsError('InvalidRequest', 'Object key must not be empty');
  if (Buffer.byteLength(key, 'utf8') > 1024) throw new AwsError('KeyTooLongError', 'Your key is too long');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new AwsError('InvalidArgument', 'Object key contains control characters');
}

/** S3's conditional write: `If-None-Match: *` (create only) or `If-Match: <etag>` (replace only that version). */
function checkPrecondition(req: IncomingMessage, existing: { etag: string } | undefined): void {
  const ifNoneMatch = req.headers['if-none-match'];
  const ifMatch = req.headers['if-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch !== '*') throw new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
    if (existing) throw new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
  }
  if (ifMatch !== undefined) {
    if (!existing) throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404);
    if (ifMatch !== existing.etag && ifMatch !== '*') throw new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
  }
}

export async function handleS3(state: SandboxState, req: IncomingMessage, raw: Buffer, res: ServerResponse, region: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const [, bucketName = '', ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const method = req.method ?? 'GET';
  const op =
    method === 'PUT' ? 'PutObject' : method === 'DELETE' ? 'DeleteObject' : method === 'HEAD' ? 'HeadObject' : key ? 'GetObject' : 'ListObjectsV2';
  enter(state, `S3.${op}`);
  const bucket = state.buckets.get(bucketName);
  if (!bucket) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  const home = state.bucketRegions.get(bucketName) ?? state.scenario.region;
  if (home !== region) {
    throw new AwsError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', 301, { 'x-amz-bucket-region': home });
  }

  if (op === 'PutObject') {
    checkKey(key);
    checkPrecondition(req, bucket.get(key));
    const body = String(req.headers['content-encoding'] ?? '').includes('aws-chunked') ? decodeAwsChunked(raw) : raw;
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    const contentType = req.headers['content-type'];
    bucket.set(key, { body, lastModified: new Date(state.now), etag, ...(contentType ? { contentType: String(contentType) } : {}) });
    state.s3Writes.push({ bucket: bucketName, key, bytes: body.length });
    objectStored(state, bucketName, key, body.length, etag, req);
    res.writeHead(200, { etag });
    res.end();
    return;
  }
  if (op === 'GetObject' || op === 'HeadObject') {
    const obj = bucket.get(key);
    if (!obj) throw new AwsError(op === 'HeadObject' ? 'NotFound' : 'NoSuchKey', 'The specified key does not exist.', 404);
    if (op === 'GetObject') checkObjectRead(state, bucketName, key);
    res.writeHead(200, {
      'content-type': obj.contentType ?? 'application/octet-stream',
      'content-length': String(obj.body.length),
      etag: obj.etag,
      'last-modified': obj.lastModified.toUTCString(),
    });
    res.end(op === 'HeadObject' ? undefined : obj.body);
    return;
  }
  if (op === 'DeleteObject') {
    bucket.delete(key);
    res.writeHead(204);
    res.end();
    return;
  }
  // ListObjectsV2
  const prefix = url.searchParams.get('prefix') ?? '';
  const max = Math.min(Number(url.searchParams.get('max-keys') ?? 1000), 1000, state.pageSize * 5);
  const token = url.searchParams.get('continuation-token');
  const after = token ? Buffer.from(token, 'base64').toString('utf8') : (url.searchParams.get('start-after') ?? '');
  const delimiter = url.searchParams.get('delimiter') ?? '';
  // A page that ended on a common prefix resumes after everything under it.
  const pastRolledUp = (k: string) => !(delimiter && after.endsWith(delimiter) && k.startsWith(after));
  const keys = rollUp([...bucket.keys()].filter((k) => k.startsWith(prefix) && k > after && pastRolledUp(k)).sort(), prefix, delimiter);
  const pageKeys = keys.slice(0, max);
  const truncated = keys.length > max;
  const commonPrefixes = pageKeys.filter((k) => delimiter && k.endsWith(delimiter) && !bucket.has(k));
  const contents = pageKeys
    .filter((k) => !commonPrefixes.includes(k))
    .map((k) => {
      const o = bucket.get(k)!;
      return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  res.writeHead(200, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketName)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${pageKeys.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}` +
      commonPrefixes.map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`).join('') +
      (truncated ? `<NextContinuationToken>${Buffer.from(pageKeys[pageKeys.length - 1]!).toString('base64')}</NextContinuationToken>` : '') +
      `</ListBucketResult>`,
  );
}

/** With a delimiter, keys that have it after the prefix roll up into one common prefix each, as S3 lists them. */
function rollUp(keys: string[], prefix: string, delimiter: string): string[] {
  if (!delimiter) return keys;
  const out: string[] = [];
  for (const k of keys) {
    const at = k.indexOf(delimiter, prefix.length);
    const entry = at < 0 ? k : k.slice(0, at + delimiter.length);
    if (out[out.length - 1] !== entry) out.push(entry);
  }
  return out;
}
