import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastTester, matchesText, patternCovers, patternsIntersect } from '../../core/arn-pattern-match.ts';
import { arnTemplatePattern, iamActionPattern, iamResourcePattern, iamResourcePatternByField, literalPattern, type ArnPattern } from '../../core/arn-pattern.ts';

/** The same pattern as a backtracking RegExp: a slow but obviously right reference for short strings. */
function reference(p: ArnPattern): RegExp {
  let body = '';
  for (let i = 0; i < p.classes.length; i++) {
    const c = p.classes[i]!;
    const cls = c === -1 ? '[\\s\\S]' : c === -2 ? '[^:]' : `\\u${c.toString(16).padStart(4, '0')}`;
    body += p.repeats[i] ? `${cls}*` : cls;
  }
  return new RegExp(`^${body}$`, p.ignoreCase ? 'i' : '');
}

// A small alphabet makes collisions likely; `x` is matched only by wildcards.
const ALPHABET = ['a', 'B', ':', '/'];
const WITNESSES = ['a', 'B', 'b', ':', '/', '*', '?', 'x'];
const strings = (maxLength: number): string[] => {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= maxLength; n++) {
    layer = layer.flatMap((s) => WITNESSES.map((c) => s + c));
    out.push(...layer);
  }
  return out;
};
const SHORT = strings(4);

const iamText = fc.array(fc.constantFrom(...ALPHABET, '*', '?', '${aws:username}'), { maxLength: 4 }).map((parts) => parts.join(''));
const templateText = fc
  .array(fc.constantFrom(...ALPHABET, '${Partition}', '${Region}', '${Name}', '*'), { maxLength: 4 })
  .map((parts) => parts.join(''));
const anyPattern = fc.oneof(
  iamText.map((t) => iamResourcePattern(t)),
  iamText.map((t) => iamResourcePattern(t, true)),
  templateText.map((t) => arnTemplatePattern(t)),
  fc.array(fc.constantFrom(...ALPHABET, '*', '?'), { maxLength: 4 }).map((t) => literalPattern(t.join(''))),
);

describe('ARN patterns', () => {
  it('match like IAM: * and ? wildcards, policy variables as *, case-sensitive; IAM escapes as literals', () => {
    expect(matchesText(iamResourcePattern('arn:aws:s3:::b/*'), 'arn:aws:s3:::b/x/y.json')).toBe(true);
    expect(matchesText(iamResourcePattern('arn:aws:s3:::b/*'), 'arn:aws:s3:::B/x')).toBe(false);
    expect(matchesText(iamResourcePattern('arn:aws:s3:::home/${aws:username}/*'), 'arn:aws:s3:::home/jane/f')).toBe(true);
    expect(matchesText(iamResourcePattern('arn:aws:s3:::b/${*}'), 'arn:aws:s3:::b/*')).toBe(true);
    expect(matchesText(iamResourcePattern('arn:aws:s3:::b/${*}'), 'arn:aws:s3:::b/x')).toBe(false);
    expect(matchesText(iamActionPattern('S3:get*'), 's3:GetObject')).toBe(true);
  });

  it('read catalog templates with segment wildcards: partition and region/account stop at ":", names do not', () => {
    const object = arnTemplatePattern('arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    expect(matchesText(object, 'arn:aws:s3:::b/k/with:colon')).toBe(true);
    expect(matchesText(object, 'arn:aws:s3:::b')).toBe(false);
    expect(matchesText(object, 'ARN:AWS:S3:::b/k')).toBe(true);
    const queue = arnTemplatePattern('arn:${Partition}:sqs:${Region}:${Account}:${QueueName}');
    expect(matchesText(queue, 'arn:aws:sqs:us-east-1:123:q')).toBe(true);
    expect(matchesText(queue, 'arn:aws:sqs:us-east-1:123:extra:q')).toBe(true); // the name may hold ':'
    expect(matchesText(queue, 'arn:a:b:sqs:us-east-1:123:q')).toBe(false); // the partition may not
    expect(matchesText(arnTemplatePattern('arn:${Partition}:dms:${Region}:${Account}:cert:*'), 'arn:aws:dms:us-east-1:1:cert:ABC')).toBe(true);
    expect(matchesText(arnTemplatePattern('arn:${Partition}:s3:::${BucketName}', 'aws-cn'), 'arn:aws:s3:::b')).toBe(false);
  });

  it('property: matching agrees with a RegExp of the same pattern', () => {
    fc.assert(
      fc.property(anyPattern, fc.array(fc.constantFrom(...WITNESSES), { maxLength: 8 }), (p, chars) => {
        const text = chars.join('');
        expect(matchesText(p, text)).toBe(reference(p).test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the fast tester (a RegExp where that cannot backtrack badly) agrees with the automaton', () => {
    fc.assert(
      fc.property(anyPattern, fc.array(fc.constantFrom(...WITNESSES, '\n'), { maxLength: 8 }), (p, chars) => {
        const text = chars.join('');
        expect(fastTester(p)(text)).toBe(matchesText(p, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('read a statement by field for reach: a wildcard before the fifth colon stays in its field', () => {
    const byField = iamResourcePatternByField('arn:aws:ec2:*:*:snapshot/*');
    expect(matchesText(byField, 'arn:aws:ec2:us-east-1:1:snapshot/snap-1')).toBe(true);
    expect(matchesText(byField, 'arn:aws:ec2:us-east-1:1:natgateway/x:y:snapshot/z')).toBe(false);
    expect(matchesText(iamResourcePattern('arn:aws:ec2:*:*:snapshot/*'), 'arn:aws:ec2:us-east-1:1:natgateway/x:y:snapshot/z')).toBe(true); // IAM's own reading
    expect(matchesText(iamResourcePatternByField('arn:aws:ec2:*'), 'arn:aws:ec2:us-east-1:1:instance/i-1')).toBe(true);
    expect(matchesText(iamResourcePatternByField('arn:aws:s3:::home/${aws:username}/*'), 'arn:aws:s3:::home/jane/f')).toBe(true);
    expect(matchesText(iamResourcePatternByField('arn:aws:iam::${aws:PrincipalAccount}:role/x'), 'arn:aws:iam::123:role/x')).toBe(true);
    // Never wider than IAM's reading.
    fc.assert(
      fc.property(iamText, fc.array(fc.constantFrom(...WITNESSES), { maxLength: 8 }), (t, chars) => {
        const text = chars.join('');
        if (matchesText(iamResourcePatternByField(t), text)) expect(matchesText(iamResourcePattern(t), text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('decide whether two patterns can match a common ARN', () => {
    const bucket = arnTemplatePattern('arn:${Partition}:s3:::${BucketName}');
    const object = arnTemplatePattern('arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    const job = arnTemplatePattern('arn:${Partition}:s3:${Region}:${Account}:job/${JobId}');
    const mediaStore = iamResourcePattern('arn:aws:s3:::media-store', true);
    expect(patternsIntersect(mediaStore, bucket)).toBe(true);
    expect(patternsIntersect(mediaStore, object)).toBe(false);
    expect(patternsIntersect(mediaStore, job)).toBe(false);
    expect(patternsIntersect(iamResourcePattern('arn:aws:s3:::media-store/*', true), object)).toBe(true);
    expect(patternsIntersect(iamResourcePattern('arn:aws:s3:*:*:job/*', true), job)).toBe(true);
    expect(patternsIntersect(iamResourcePattern('arn:aws:dynamodb:*:*:table/orders', true), arnTemplatePattern('arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}'))).toBe(true);
  });

  it('property: two patterns intersect exactly when some string matches both', () => {
    fc.assert(
      fc.property(anyPattern, anyPattern, (a, b) => {
        const [ra, rb] = [reference(a), reference(b)];
        const witness = SHORT.some((s) => ra.test(s) && rb.test(s));
        // Each character of a shortest common string advances a single (non-repeating)
        // position of one pattern, so patterns with at most four of them need no longer
        // witness than the search tries; a "no" must never hide a witness.
        if (witness) expect(patternsIntersect(a, b)).toBe(true);
        else if (patternsIntersect(a, b)) expect(a.classes.length + b.classes.length).toBeGreaterThan(4);
      }),
      { numRuns: 1500 },
    );
  });

  it('decide coverage soundly: never "covers" when some string of the inner pattern escapes the outer', () => {
    expect(patternCovers(iamResourcePattern('arn:aws:s3:::b/*'), iamResourcePattern('arn:aws:s3:::b/orders/*'))).toBe(true);
    expect(patternCovers(iamResourcePattern('arn:aws:s3:::b/orders/*'), iamResourcePattern('arn:aws:s3:::b/*'))).toBe(false);
    expect(patternCovers(iamResourcePattern('arn:aws:s3:::*'), arnTemplatePattern('arn:${Partition}:s3:::${BucketName}', 'aws'))).toBe(true);
    expect(patternCovers(iamResourcePattern('arn:aws:s3:::*'), arnTemplatePattern('arn:${Partition}:s3:::${BucketName}'))).toBe(false);
    expect(patternCovers(iamResourcePattern('arn:aws:s3:::*'), arnTemplatePattern('arn:${Partition}:s3:${Region}:${Account}:job/${JobId}', 'aws'))).toBe(false);
    fc.assert(
      fc.property(anyPattern, anyPattern, (outer, inner) => {
        if (!patternCovers(outer, inner)) return;
        const [ro, ri] = [reference(outer), reference(inner)];
        for (const s of SHORT) if (ri.test(s)) expect(ro.test(s), JSON.stringify(s)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('decide coverage of one ARN exactly as matching does, and of every pattern by itself (the fixed-ends shortcut loses nothing)', () => {
    expect(patternCovers(iamResourcePattern('arn:aws:s3:::b/x/*'), literalPattern('arn:aws:s3:::b/y/k'))).toBe(false);
    expect(patternCovers(iamResourcePattern('arn:aws:s3:::b/*.json'), literalPattern('arn:aws:s3:::b/k.csv'))).toBe(false);
    expect(patternCovers(literalPattern('arn:aws:s3:::b/k'), iamResourcePattern('arn:aws:s3:::b/k*'))).toBe(false);
    expect(patternCovers(iamResourcePattern('arn:aws:s3:::b/*.json'), literalPattern('arn:aws:s3:::b/k.json'))).toBe(true);
    fc.assert(
      fc.property(anyPattern, fc.constantFrom(...SHORT), (p, s) => {
        expect(patternCovers(p, p)).toBe(true);
        if (!p.ignoreCase) expect(patternCovers(p, literalPattern(s)), JSON.stringify(s)).toBe(matchesText(p, s));
      }),
      { numRuns: 3000 },
    );
  });

  it('finish fast on hostile sizes: a 10 KB ARN, an 80,000-segment S3 key, long patterns', () => {
    const started = performance.now();
    const longArn = `arn:aws:s3:::b/${'k'.repeat(10_000)}`;
    expect(patternCovers(iamResourcePattern('arn:aws:s3:::b/*'), iamResourcePattern(`${longArn}*`))).toBe(true);
    // Time is at most the product of the lengths: a policy-sized pattern (IAM caps a policy at 6,144 characters) against 10 KB.
    expect(patternCovers(iamResourcePattern(`arn:aws:s3:::b/${'k?'.repeat(1_500)}x*`), iamResourcePattern(`${longArn}*`))).toBe(false);
    // A backtracking RegExp of this template took seconds on such keys (quadratic in the segments).
    const apObject = arnTemplatePattern('arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}');
    const hostileKey = `arn:aws:s3:us-east-1:1:accesspoint/ap/${'object/'.repeat(80_000)}`;
    expect(matchesText(apObject, hostileKey)).toBe(true);
    expect(fastTester(apObject)(hostileKey)).toBe(true);
    expect(fastTester(apObject)(`${hostileKey}\n`)).toBe(true);
    const threeRuns = arnTemplatePattern('arn:${Partition}:s3:::${A}/object/${B}/versions/${C}');
    expect(fastTester(threeRuns)(`arn:aws:s3:::b/${'object/'.repeat(20_000)}`)).toBe(false); // the automaton: a RegExp would be quadratic here
    expect(matchesText(apObject, `${hostileKey}\n`)).toBe(true); // the old RegExp's `.` stopped at the newline, then backtracked
    expect(matchesText(arnTemplatePattern('arn:${Partition}:s3:::${BucketName}/${ObjectName}'), `arn:aws:s3:::b/${'a/'.repeat(80_000)}`)).toBe(true);
    expect(matchesText(iamResourcePattern(`${'*a'.repeat(500)}b`), 'a'.repeat(10_000))).toBe(false);
    expect(patternsIntersect(iamResourcePattern(`arn:aws:s3:::${'*/'.repeat(1_000)}`, true), apObject)).toBe(true);
    expect(patternsIntersect(iamResourcePattern(`arn:aws:s3:::${'*/'.repeat(1_000)}:`, true), apObject)).toBe(true);
    expect(patternsIntersect(iamResourcePattern(`arn:aws:sqs:::${'*/'.repeat(1_000)}`, true), apObject)).toBe(false);
    // Seconds to minutes before (and a stack overflow on the 10 KB ARN); well under one second here, on a quiet machine.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
