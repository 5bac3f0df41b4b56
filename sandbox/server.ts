/**
 * The loopback AWS sandbox: one HTTP server on 127.0.0.1 that speaks the wire protocols
 * of exactly the operations policy-drift calls, so the real SDK clients (pointed at it by
 * AWS_ENDPOINT_URL) exercise serialisation, pagination tokens, error shapes and retries.
 *
 * Protocol modules: ./json11.ts (ECS, CloudTrail), ./query.ts (IAM, SNS), ./s3.ts.
 * Time is ./clock.ts, virtual. Signatures must be present but are not verified.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualClock } from './clock.ts';
import { handleJson11 } from './json11.ts';
import { handleQuery } from './query.ts';
import { handleS3 } from './s3.ts';
import type { Scenario } from './scenario.ts';

export interface Published {
  topicArn: string;
  subject?: string;
  message: string;
  attributes: Record<string, { DataType: string; StringValue?: string }>;
}

export interface StoredObject {
  body: Buffer;
  contentType?: string;
  lastModified: Date;
  etag: string;
}

/** Switches a test can flip. */
export interface Faults {
  /** LookupEvents above 2 requests per second answers ThrottlingException. Default on. */
  lookupEventsRateLimit: boolean;
  /** LookupEvents always answers ThrottlingException (a region whose CloudTrail is unusable). */
  lookupEventsUnavailable: boolean;
  /** Role names whose GetRolePolicy answers AccessDenied. */
  denyGetRolePolicy: Set<string>;
  /** `Service.Operation` (e.g. `SNS.Publish`) → number of next calls that answer 500 InternalError. */
  failNext: Map<string, number>;
}

export interface SandboxState {
  scenario: Scenario;
  /** The sandbox's one clock, virtual (see clock.ts): events, LookupEvents' rate, call times. */
  clock: VirtualClock;
  /** The clock's time: events after it have not "arrived" yet. Setting it moves the clock. */
  now: number;
  faults: Faults;
  published: Published[];
  buckets: Map<string, Map<string, StoredObject>>;
  s3Writes: { bucket: string; key: string; bytes: number }[];
  /** Every call, as `Service.Operation`, at the clock's time, for tests that count requests. */
  calls: { op: string; at: number }[];
  /** Page size of list operations, small so that every test paginates. */
  pageSize: number;
}

export interface Sandbox {
  url: string;
  state: SandboxState;
  /** The sandbox's clock: give it to a RateLimiter so that pacing waits in the sandbox's time. */
  clock: VirtualClock;
  /** Move the clock forward; events up to the new time become visible. */
  advance(ms: number): void;
  /** Environment for code under test: endpoint, region and dummy credentials. */
  env(): Record<string, string>;
  createBucket(name: string): void;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** Where the clock starts. Default: the machine's time. */
  now?: number;
  /**
   * The sandbox's clock. Default: a virtual clock from `now` that moves only when told or
   * waited on; give a `runningClock` when the client under test paces on the system clock.
   */
  clock?: VirtualClock;
  pageSize?: number;
  buckets?: string[];
}

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Start a sandbox seeded with `scenario`. */
export async function startSandbox(scenario: Scenario, options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? new VirtualClock(options.now ?? Date.now());
  const state: SandboxState = {
    scenario,
    clock,
    get now() {
      return clock.now();
    },
    set now(t: number) {
      clock.set(t);
    },
    faults: {
      lookupEventsRateLimit: true,
      lookupEventsUnavailable: false,
      denyGetRolePolicy: new Set(),
      failNext: new Map(),
    },
    published: [],
    buckets: new Map((options.buckets ?? []).map((b) => [b, new Map()])),
    s3Writes: [],
    calls: [],
    pageSize: options.pageSize ?? 2,
  };

  const server: Server = createServer((req, res) => {
    void route(state, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    state,
    clock,
    advance: (ms) => clock.advance(ms),
    env: () => ({
      AWS_ENDPOINT_URL: url,
      AWS_REGION: scenario.region,
      AWS_ACCESS_KEY_ID: 'AKIASANDBOX',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
      AWS_SESSION_TOKEN: '',
    }),
    createBucket: (name) => {
      if (!state.buckets.has(name)) state.buckets.set(name, new Map());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function route(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const target = req.headers['x-amz-target'];
  const contentType = String(req.headers['content-type'] ?? '');
  const kind = typeof target === 'string' ? 'json' : contentType.startsWith('application/x-www-form-urlencoded') ? 'query' : 's3';
  try {
    if (!req.headers.authorization) throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    if (kind === 'json') await handleJson11(state, String(target), body, res);
    else if (kind === 'query') await handleQuery(state, body, res);
    else await handleS3(state, req, body, res);
  } catch (e) {
    const err = e instanceof AwsError ? e : new AwsError('InternalError', (e as Error).message, 500);
    writeError(kind, err, res);
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function writeError(kind: 'json' | 'query' | 's3', err: AwsError, res: ServerResponse): void {
  const requestId = `sandbox-${Math.random().toString(16).slice(2)}`;
  if (kind === 'json') {
    res.writeHead(err.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'x-amzn-errortype': err.code });
    res.end(JSON.stringify({ __type: err.code, message: err.message }));
  } else if (kind === 'query') {
    res.writeHead(err.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    res.end(
      `<ErrorResponse><Error><Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  } else {
    res.writeHead(err.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message><RequestId>${requestId}</RequestId></Error>`);
  }
}

/** Count a call and apply the `failNext` fault for it. */
export function enter(state: SandboxState, op: string): void {
  state.calls.push({ op, at: state.clock.now() });
  const n = state.faults.failNext.get(op) ?? 0;
  if (n > 0) {
    state.faults.failNext.set(op, n - 1);
    throw new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
  }
}

export { xmlEscape };
