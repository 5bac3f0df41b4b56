/** The parameters `serverless package` refuses before packaging (stack/deploy-checks.cjs); the CLI run is in package.test.ts. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const { deployProblems, ratePeriodSeconds } = createRequire(import.meta.url)('../../stack/deploy-checks.cjs') as {
  deployProblems(p: Record<string, string | number>): string[];
  ratePeriodSeconds(s: string): number | undefined;
};

const ok = { region: 'us-east-1', existingTopicArn: '', topicKmsKeyArn: '', windowDays: '90', aggregateExpiryDays: '104', collectSchedule: 'rate(15 minutes)', collectTimeoutSeconds: '600' };

describe('deploy checks', () => {
  it('accepts the defaults, an existing topic in the deployment region and its KMS key', () => {
    expect(deployProblems(ok)).toEqual([]);
    expect(deployProblems({ ...ok, existingTopicArn: 'arn:aws:sns:us-east-1:111122223333:ops', topicKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' })).toEqual([]);
  });

  it('refuses a topic alarms cannot reach, a key that cannot be granted, an expired window and overlapping runs', () => {
    expect(deployProblems({ ...ok, existingTopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops' })[0]).toMatch(/^existingTopicArn is in eu-west-1 but the stack deploys to us-east-1/);
    expect(deployProblems({ ...ok, existingTopicArn: 'ops' })[0]).toMatch(/is not an SNS topic ARN/);
    expect(deployProblems({ ...ok, topicKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/sns' })).toEqual([
      'topicKmsKeyArn is the key of an existing encrypted topic: set existingTopicArn too (the topic this stack creates is not KMS-encrypted)',
      'topicKmsKeyArn "arn:aws:kms:us-east-1:111122223333:alias/sns" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>; an alias cannot scope an IAM policy)',
    ]);
    expect(deployProblems({ ...ok, existingTopicArn: 'arn:aws:sns:us-east-1:111122223333:ops', topicKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc' })[0]).toMatch(/a topic is encrypted with a key of its own region/);
    expect(deployProblems({ ...ok, windowDays: '104' })[0]).toMatch(/shorter than aggregateExpiryDays/);
    expect(deployProblems({ ...ok, collectTimeoutSeconds: '900' })[0]).toMatch(/must be shorter than the collect schedule \(rate\(15 minutes\)\)/);
    expect(deployProblems({ ...ok, collectSchedule: 'rate(1 hour)', collectTimeoutSeconds: '900' })).toEqual([]);
  });

  it('reads rate schedules; a cron schedule is left to the README\'s rule', () => {
    expect(ratePeriodSeconds('rate(15 minutes)')).toBe(900);
    expect(ratePeriodSeconds('rate(1 hour)')).toBe(3600);
    expect(ratePeriodSeconds('cron(0/15 * * * ? *)')).toBeUndefined();
  });
});

describe('trail mode deploy checks', () => {
  it('refuses trail parameters that cannot work, before packaging', async () => {
    const { trailProblems } = createRequire(import.meta.url)('../../stack/trail-checks.cjs') as { trailProblems(p: Record<string, string | number>): string[] };
    const ok = { region: 'us-east-1', collectFrom: 'trail', trailBucket: 'org-trail', ingestBatchSize: 10, ingestMemorySize: 512, ingestConcurrency: 5 };
    expect(trailProblems(ok)).toEqual([]);
    expect(trailProblems({ region: 'us-east-1' })).toEqual([]);
    expect(trailProblems({ ...ok, trailBucket: '' })[0]).toMatch(/needs trailBucket/);
    expect(trailProblems({ ...ok, trailPrefix: 'logs/' })[0]).toMatch(/without a leading or trailing slash/);
    expect(trailProblems({ ...ok, trailKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc' })[0]).toMatch(/must share a region/);
    expect(trailProblems({ ...ok, ingestConcurrency: 1 })[0]).toMatch(/ingestConcurrency/);
    expect(trailProblems({ ...ok, accounts: 'prod' })[0]).toMatch(/accounts "prod"/);
  });
});
