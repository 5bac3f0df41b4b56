import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../core/inventory/inventory.ts';
import { applyRoleScope, clusterInScope } from '../../core/inventory/scope.ts';
import { ConfigError } from '../../core/errors.ts';
import { loadConfig } from '../../stack/config.ts';

const base = { POLICY_DRIFT_REGIONS: 'us-east-1, eu-west-1', POLICY_DRIFT_BUCKET: 'b', POLICY_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:1:t' };

describe('stack configuration', () => {
  it('reads the environment with documented defaults', () => {
    expect(loadConfig(base)).toMatchObject({
      regions: ['us-east-1', 'eu-west-1'],
      windowDays: 90,
      suppressionMinutes: 1440,
      backfillHours: 24,
      // Issue 12: a small overlap every run (was 20 minutes) plus a daily reconciliation read.
      overlapMinutes: 5,
      reconcileHours: 2,
      aggregateExpiryDays: 104,
      safetyMs: 60_000,
      scope: { excludeRoleTags: ['policy-drift:ignore=true'], includeClusters: [] },
    });
  });

  it('keeps the bucket in the deployment region and publishes in the topic\'s region, whatever the regions read', () => {
    const cfg = loadConfig({ ...base, POLICY_DRIFT_REGIONS: 'eu-west-1,us-east-1', AWS_REGION: 'us-east-1', POLICY_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:1:t' });
    expect(cfg).toMatchObject({ regions: ['eu-west-1', 'us-east-1'], homeRegion: 'us-east-1', topicRegion: 'us-east-1' });
    expect(loadConfig({ ...base, AWS_REGION: 'ap-southeast-2' }).homeRegion).toBe('ap-southeast-2');
  });

  it('refuses a report window at least as long as the aggregates are kept, and a malformed region', () => {
    expect(() => loadConfig({ ...base, POLICY_DRIFT_WINDOW_DAYS: '120' })).toThrow(/shorter than POLICY_DRIFT_AGGREGATE_EXPIRY_DAYS/);
    expect(loadConfig({ ...base, POLICY_DRIFT_WINDOW_DAYS: '120', POLICY_DRIFT_AGGREGATE_EXPIRY_DAYS: '134' }).windowDays).toBe(120);
    expect(() => loadConfig({ ...base, POLICY_DRIFT_REGIONS: 'us-east-1,Ireland' })).toThrow(/not a region name: Ireland/);
  });

  it('fails at cold start on a malformed value instead of defaulting silently', () => {
    expect(() => loadConfig({ ...base, POLICY_DRIFT_WINDOW_DAYS: 'ninety' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, POLICY_DRIFT_TOPIC_ARN: '' })).toThrow(/TOPIC_ARN/);
    expect(() => loadConfig({ ...base, POLICY_DRIFT_BUCKET: '' })).toThrow(/BUCKET/);
  });
});

describe('scope', () => {
  it('includes and excludes clusters by pattern', () => {
    const scope = { includeClusters: ['prod-*'], excludeClusters: ['prod-legacy'] };
    expect(clusterInScope('prod-eu', scope)).toBe(true);
    expect(clusterInScope('prod-legacy', scope)).toBe(false);
    expect(clusterInScope('staging', scope)).toBe(false);
  });

  it('leaves out roles by tag or ARN pattern and says why', () => {
    const inv = buildInventory([{ family: 'a', revision: 1, taskRoleArn: 'arn:aws:iam::1:role/keep', executionRoleArn: 'arn:aws:iam::1:role/sandbox/exec' }, { family: 'b', revision: 1, taskRoleArn: 'arn:aws:iam::1:role/tagged' }], []);
    const excluded = applyRoleScope(inv, (k): Record<string, string> => (k === '1:tagged' ? { 'policy-drift:ignore': 'true' } : {}), {
      excludeRoleTags: ['policy-drift:ignore=true'],
      excludeRoleArns: ['arn:aws:iam::*:role/sandbox/*'],
    });
    expect([...inv.roles.keys()]).toEqual(['1:keep']);
    expect(excluded).toEqual([
      { roleArn: 'arn:aws:iam::1:role/sandbox/exec', reason: 'ARN pattern' },
      { roleArn: 'arn:aws:iam::1:role/tagged', reason: 'tag policy-drift:ignore=true' },
    ]);
  });
});
