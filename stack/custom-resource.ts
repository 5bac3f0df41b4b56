/**
 * A CloudFormation custom resource's side of the protocol: the answer is a PUT of a small
 * JSON document to the pre-signed `ResponseURL` the request carries. Deployment waits (up
 * to an hour) for that answer, so the backfill answers first and works after.
 */

export interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceProperties?: Record<string, unknown>;
}

/** Whether an invocation is CloudFormation's (a custom resource request). */
export function isCustomResourceEvent(event: unknown): event is CustomResourceEvent {
  const e = event as Partial<CustomResourceEvent> | null;
  return !!e && typeof e.ResponseURL === 'string' && typeof e.RequestType === 'string' && typeof e.StackId === 'string';
}

/** Tell CloudFormation how the request went. */
export async function answerCustomResource(event: CustomResourceEvent, status: 'SUCCESS' | 'FAILED', reason: string, physicalId: string): Promise<void> {
  const body = JSON.stringify({ Status: status, Reason: reason, PhysicalResourceId: physicalId, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId });
  // The pre-signed URL is signed without a content type: sending one would break the signature.
  const res = await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) } });
  if (!res.ok) throw new Error(`CloudFormation response not accepted: HTTP ${res.status}`);
}
