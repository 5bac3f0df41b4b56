import { describe, expect, it } from 'vitest';
import { patternAllowed, patternCovers, patternMatches } from '../../../core/analyze/resource-pattern.ts';

describe('resource patterns', () => {
  it('matches ARNs with * and ?', () => {
    expect(patternMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y.json')).toBe(true);
    expect(patternMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::c/x')).toBe(false);
    expect(patternMatches('arn:aws:secretsmanager:*:*:secret:db-??????', 'arn:aws:secretsmanager:us-east-1:1:secret:db-Ab12Cd')).toBe(true);
    expect(patternMatches('*', 'anything')).toBe(true);
  });

  it('treats policy variables as wildcards', () => {
    expect(patternMatches('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/jane/f')).toBe(true);
  });

  it('decides whether one pattern covers another', () => {
    expect(patternCovers('arn:aws:s3:::b/*', 'arn:aws:s3:::b/orders/*')).toBe(true);
    expect(patternCovers('arn:aws:s3:::b/orders/*', 'arn:aws:s3:::b/*')).toBe(false);
    expect(patternCovers('*', 'arn:aws:s3:::b/*')).toBe(true);
    expect(patternCovers('arn:aws:s3:::b/?', 'arn:aws:s3:::b/*')).toBe(false);
    expect(patternCovers('arn:aws:s3:::b/*', 'arn:aws:s3:::b/?')).toBe(true);
  });

  it('never proves a wildcard safe under NotResource', () => {
    expect(patternAllowed('arn:aws:s3:::b/x', undefined, ['arn:aws:s3:::secret/*'])).toBe(true);
    expect(patternAllowed('arn:aws:s3:::b/*', undefined, ['arn:aws:s3:::secret/*'])).toBe(false);
    expect(patternAllowed('arn:aws:s3:::secret/k', undefined, ['arn:aws:s3:::secret/*'])).toBe(false);
  });
});

describe('resource patterns on hostile sizes', () => {
  it('compares a 10 KB ARN without overflowing the stack, in time linear in the ARN', () => {
    const started = performance.now();
    const arn = `arn:aws:s3:::b/${'k'.repeat(10_000)}`;
    expect(patternCovers('arn:aws:s3:::b/*', `${arn}*`)).toBe(true);
    expect(patternCovers('arn:aws:s3:::c/*', `${arn}*`)).toBe(false);
    expect(patternMatches('arn:aws:s3:::b/*k', arn)).toBe(true);
    expect(patternAllowed(`${arn.slice(0, 5_000)}*`, ['arn:aws:s3:::b/*'])).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
