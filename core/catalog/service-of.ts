/**
 * The service prefix of an IAM action, the one spelling every part of the analysis groups
 * actions by.
 */

/** The IAM service prefix of an action (`s3:GetObject` → `s3`), lower case; the whole text when it has no colon. */
export function serviceOf(action: string): string {
  const colon = action.indexOf(':');
  return (colon < 0 ? action : action.slice(0, colon)).toLowerCase();
}
