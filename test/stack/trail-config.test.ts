import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.ts';
import { loadTrailConfig } from '../../stack/trail-config.ts';

const trail = { POLICY_DRIFT_COLLECT_FROM: 'trail', POLICY_DRIFT_ACCOUNT_ID: '111122223333', POLICY_DRIFT_TRAIL_BUCKET: 'org-trail', POLICY_DRIFT_INGEST_QUEUE_URL: 'https://sqs/q' };

describe('trail mode configuration', () => {
  it('defaults to LookupEvents mode, which needs nothing more', () => {
    expect(loadTrailConfig({}).collectFrom).toBe('lookup-events');
    expect(loadTrailConfig({ POLICY_DRIFT_COLLECT_FROM: 'lookup-events' }).accounts).toEqual({ kind: 'self' });
  });

  it('reads trail mode with documented defaults', () => {
    expect(loadTrailConfig(trail)).toMatchObject({ collectFrom: 'trail', trailPrefix: '', accounts: { kind: 'self' }, memberRoleName: 'policy-drift-member', maxReceiveCount: 5, backfillDays: 90, staleHours: 24 });
    expect(loadTrailConfig({ ...trail, POLICY_DRIFT_ACCOUNTS: 'organization' }).accounts).toEqual({ kind: 'organization' });
    expect(loadTrailConfig({ ...trail, POLICY_DRIFT_ACCOUNTS: '444455556666, 111122223333,444455556666' }).accounts).toEqual({ kind: 'list', ids: ['111122223333', '444455556666'] });
  });

  it('fails at cold start on what cannot work', () => {
    expect(() => loadTrailConfig({ POLICY_DRIFT_COLLECT_FROM: 'athena' })).toThrow(ConfigError);
    expect(() => loadTrailConfig({ ...trail, POLICY_DRIFT_TRAIL_BUCKET: '' })).toThrow(/TRAIL_BUCKET/);
    expect(() => loadTrailConfig({ ...trail, POLICY_DRIFT_ACCOUNTS: 'prod' })).toThrow(/POLICY_DRIFT_ACCOUNTS/);
    expect(() => loadTrailConfig({ ...trail, POLICY_DRIFT_INGEST_MAX_RECEIVES: '0' })).toThrow(/MAX_RECEIVES/);
    expect(() => loadTrailConfig({ ...trail, POLICY_DRIFT_TRAIL_KMS_KEY_ARN: 'alias/trail' })).toThrow(/KMS_KEY_ARN/);
  });
});
