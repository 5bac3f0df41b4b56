import { describe, expect, it } from 'vitest';
import { denialCause, denyingPolicyArn, isAccessDenied } from '../../../core/trail/denial.ts';

const who = 'User: arn:aws:sts::111122223333:assumed-role/r/s is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because';

describe('denials', () => {
  it.each(['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation', 'AuthorizationError'])(
    '%s is an access denial',
    (code) => expect(isAccessDenied(code)).toBe(true),
  );

  it.each(['ThrottlingException', 'ValidationException', 'ResourceNotFoundException', 'NoSuchKey', undefined])(
    '%s is not',
    (code) => expect(isAccessDenied(code)).toBe(false),
  );

  it.each([
    [`${who} no identity-based policy allows the s3:GetObject action`, 'no-identity-policy'],
    [`${who} with an explicit deny in an identity-based policy`, 'explicit-deny-identity'],
    [`${who} with an explicit deny in a service control policy`, 'scp'],
    [`${who} with an explicit deny in a resource control policy`, 'rcp'],
    [`${who} no permissions boundary allows the s3:GetObject action`, 'permissions-boundary'],
    [`${who} with an explicit deny in a permissions boundary`, 'permissions-boundary'],
    [`${who} no session policy allows the s3:GetObject action`, 'session-policy'],
    [`${who} with an explicit deny in a resource-based policy`, 'resource-policy'],
    [`${who} no resource-based policy allows the s3:GetObject action`, 'resource-policy'],
    [`${who} with an explicit deny in a VPC endpoint policy`, 'vpc-endpoint-policy'],
    ['Access Denied', 'unknown'],
    [undefined, 'unknown'],
  ])('%s → %s', (message, cause) => expect(denialCause(message)).toBe(cause));

  it('reads the denying policy ARN that newer messages append', () => {
    expect(denyingPolicyArn(`${who} with an explicit deny in a service control policy: arn:aws:organizations::999988887777:policy/o-abc/service_control_policy/p-123`)).toBe(
      'arn:aws:organizations::999988887777:policy/o-abc/service_control_policy/p-123',
    );
    expect(denyingPolicyArn('Access Denied')).toBeUndefined();
  });
});
