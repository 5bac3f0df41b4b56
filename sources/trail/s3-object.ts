/**
 * One CloudTrail log object in S3 as a trail source: the object is read (S3 decrypts an
 * SSE-KMS object for a caller allowed to use its key), gunzipped, and parsed by the same
 * reader `analyze --input` uses for a file (parse.ts), into the fold every source shares
 * (`feedSource`). One object, one fold: the ingest function writes one aggregate per log file.
 *
 * A file that cannot be read as CloudTrail (not gzip, not JSON, no `Records`) is a typed
 * skip in `files.skipped`; an object that is gone is a skip too (deleted since it was
 * announced). Anything else S3 answers (access denied, throttling) is thrown: the caller
 * retries the message, and after enough receives it lands in the dead-letter queue.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { feedSource, type TrailSource } from '../../core/pipeline.ts';
import type { CoverageWindow } from '../../core/usage/model.ts';
import type { LoadedTrailFile } from './load.ts';
import { parseTrailFile } from './parse.ts';

export interface S3LogObject {
  bucket: string;
  key: string;
  /** Refuse a file larger than this uncompressed (the function's memory could not hold it folded). */
  maxBytes?: number;
  /** The region whose CloudTrail the file holds (from its key). */
  region: string;
  /** What a folded file vouches for (see core/ingest/trail-coverage.ts). */
  coverage?: CoverageWindow;
}

/** Why an object gave no records, beyond the file reasons of parse.ts. */
export type ObjectSkip = 'object-missing' | 'too-large';

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.$metadata?.httpStatusCode === 404;
}

/** A gzip member's uncompressed size, from its trailer (modulo 4 GiB: far above any log file). */
export function gzipSize(b: Uint8Array): number {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).readUInt32LE(b.length - 4);
}

/** The object, loaded as parse.ts takes a file: its gunzipped bytes, or why it cannot be read. */
export async function loadS3Object(client: S3Client, o: { bucket: string; key: string; maxBytes?: number }): Promise<LoadedTrailFile | { kind: 'missing' } | { kind: 'too-large'; bytes: number }> {
  let bytes: Uint8Array;
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: o.bucket, Key: o.key }));
    bytes = await out.Body!.transformToByteArray();
  } catch (e) {
    if (isMissing(e)) return { kind: 'missing' };
    throw e;
  }
  const path = `s3://${o.bucket}/${o.key}`;
  // Known before anything is inflated: a file too large for the function fails alone, instead of the function failing its whole batch.
  const size = isGzip(bytes) ? gzipSize(bytes) : bytes.length;
  if (o.maxBytes !== undefined && size > o.maxBytes) return { kind: 'too-large', bytes: size };
  if (!isGzip(bytes)) return { kind: 'document', path, bytes };
  try {
    return { kind: 'document', path, bytes: gunzipSync(bytes) };
  } catch {
    return { kind: 'skip', path, reason: 'unreadable-gzip' };
  }
}

/** One log object as a trail source (no window: the whole file is folded). */
export function s3ObjectTrail(client: S3Client, o: S3LogObject): TrailSource {
  return feedSource(async (sink) => {
    const loaded = await loadS3Object(client, o);
    const reason = loaded.kind === 'missing' ? 'object-missing' : loaded.kind === 'too-large' ? 'too-large' : await parseTrailFile(loaded, sink);
    return {
      window: {},
      regionsRead: [o.region],
      incompleteRegions: [],
      problems: reason ? [`s3://${o.bucket}/${o.key}: ${reason}${loaded.kind === 'too-large' ? ` (${(loaded.bytes / 1e6).toFixed(1)} MB uncompressed, more than ${((o.maxBytes ?? 0) / 1e6).toFixed(1)} MB)` : ''}`] : [],
      files: { read: reason ? 0 : 1, skipped: reason ? { [reason]: 1 } : {}, ignored: 0 },
      ...(o.coverage && !reason ? { coverage: [o.coverage] } : {}),
    };
  });
}
