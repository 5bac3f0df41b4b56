/**
 * The S3 object store and the collect lease through the real SDK against the sandbox:
 * conditional writes answered as S3 answers them (412 PreconditionFailed), and a bucket
 * in another region answering PermanentRedirect.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeLease } from '../../sources/store/lease.ts';
import { S3Store } from '../../sources/store/s3-store.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';

let sb: Sandbox;
const client = (region = 'us-east-1') => new S3Client({ endpoint: sb.url, region, forcePathStyle: true, credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'x' }, maxAttempts: 1 });

beforeAll(async () => {
  sb = await startSandbox(await scenarioFromExport(), { now: Date.parse('2026-11-12T00:00:00Z'), buckets: ['home'] });
  sb.createBucket('elsewhere', 'eu-west-1');
});
afterAll(() => sb.close());

describe('S3 conditional writes', () => {
  it('answers If-None-Match: * on an existing key, and If-Match on another version, with 412 PreconditionFailed', async () => {
    const s3 = client();
    const first = await s3.send(new PutObjectCommand({ Bucket: 'home', Key: 'k', Body: 'one', IfNoneMatch: '*' }));
    await expect(s3.send(new PutObjectCommand({ Bucket: 'home', Key: 'k', Body: 'two', IfNoneMatch: '*' }))).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    await expect(s3.send(new PutObjectCommand({ Bucket: 'home', Key: 'k', Body: 'two', IfMatch: '"not-it"' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
    await s3.send(new PutObjectCommand({ Bucket: 'home', Key: 'k', Body: 'two', IfMatch: first.ETag }));
    expect(sb.state.buckets.get('home')!.get('k')!.body.toString()).toBe('two');
  });

  it('are answers, not errors, through the store', async () => {
    const store = new S3Store(client(), 'home');
    const made = await store.putIf('c', 'a', { kind: 'create' });
    expect(made.written).toBe(true);
    expect(await store.putIf('c', 'b', { kind: 'create' })).toEqual({ written: false, reason: 'exists' });
    expect(await store.putIf('c', 'b', { kind: 'replace', etag: '"stale"' })).toEqual({ written: false, reason: 'changed' });
    expect(await store.putIf('missing', 'b', { kind: 'replace', etag: '"x"' })).toEqual({ written: false, reason: 'missing' });
    const got = await store.getVersioned('c');
    expect(got?.etag).toBe(made.written ? made.etag : '');
  });

  it('a bucket in another region answers PermanentRedirect', async () => {
    await expect(new S3Store(client('us-east-1'), 'elsewhere').get('x')).rejects.toMatchObject({ name: 'PermanentRedirect' });
    expect(await new S3Store(client('eu-west-1'), 'elsewhere').get('x')).toBeUndefined();
  });
});

describe('collect lease', () => {
  it('is held by one run at a time, taken over once expired, and the run that lost it cannot renew it', async () => {
    const store = new S3Store(client(), 'home');
    const t = Date.parse('2026-11-12T00:00:00Z');
    const a = await takeLease(store, 'lease', 'a', t, 660_000);
    expect(a.state).toBe('held');
    expect(await takeLease(store, 'lease', 'b', t + 60_000, 660_000)).toEqual({ state: 'busy', holder: 'a', expiresAt: '2026-11-12T00:11:00.000Z' });
    const c = await takeLease(store, 'lease', 'c', t + 700_000, 660_000);
    expect(c.state).toBe('held');
    if (a.state !== 'held' || c.state !== 'held') return;
    expect(await a.lease.renew(t + 710_000, 660_000)).toBe(false);
    expect(await c.lease.renew(t + 710_000, 660_000)).toBe(true);
    expect(await c.lease.release(t + 720_000)).toBe(true);
    expect((await takeLease(store, 'lease', 'd', t + 720_001, 660_000)).state).toBe('held');
  });

  it('an unreadable lease object is taken over, by its version', async () => {
    const store = new S3Store(client(), 'home');
    await store.put('broken-lease', 'not json');
    expect((await takeLease(store, 'broken-lease', 'a', Date.parse('2026-11-12T00:00:00Z'), 60_000)).state).toBe('held');
  });
});
