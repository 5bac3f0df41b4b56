/**
 * Request and reply with one worker thread, safe against the thread failing. The client
 * numbers each request; the thread answers each, in order, with its value or its error.
 * A thread that throws, crashes or exits on its own fails every open and later request
 * with a message saying so: a caller awaiting a reply never hangs on a dead thread.
 *
 * Protocol (load-thread.mjs speaks it too): `{ id, request }` → `{ id, value }` or
 * `{ id, error }`.
 */
import { Worker, type MessagePort, type Transferable, type WorkerOptions } from 'node:worker_threads';

type Reply<Res> = { id: number; value: Res } | { id: number; error: string };

export class ThreadClient<Req, Res> {
  private readonly worker: Worker;
  private readonly open = new Map<number, { resolve(v: Res): void; reject(e: Error): void }>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  /** Start the thread; `name` says which one in errors ("fold worker", "loader thread"). */
  constructor(script: string | URL, private readonly name: string, options?: WorkerOptions) {
    this.worker = new Worker(script, options);
    this.worker.on('message', (m: Reply<Res>) => {
      const waiting = this.open.get(m.id);
      this.open.delete(m.id);
      if ('error' in m) waiting?.reject(new Error(`${this.name}: ${m.error}`));
      else waiting?.resolve(m.value);
    });
    this.worker.on('error', (e) => this.fail(`${this.name} failed: ${e.stack ?? e.message}`));
    this.worker.on('messageerror', (e) => this.fail(`${this.name} sent an unreadable message: ${e.message}`));
    this.worker.on('exit', (code) => this.fail(this.closing ? `${this.name} was stopped` : `${this.name} stopped (exit code ${code})`));
  }

  /** Ask the thread; rejects when it answers with an error or stops. */
  request(request: Req, transfer: readonly Transferable[] = []): Promise<Res> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Res>((resolve, reject) => {
      this.open.set(id, { resolve, reject });
      this.worker.postMessage({ id, request }, transfer);
    });
  }

  /** Stop the thread; requests still open are failed. */
  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private fail(message: string): void {
    // The first failure is the cause; what follows (the exit after an error) is its echo.
    this.failure ??= new Error(message);
    for (const waiting of this.open.values()) waiting.reject(this.failure);
    this.open.clear();
  }
}

/**
 * Serve requests in a worker thread: one at a time, in the order they came, so a handler
 * never runs twice at once. A handler's error is that request's error reply.
 */
export function serveRequests<Req, Res>(
  port: MessagePort,
  handle: (request: Req) => Res | Promise<Res>,
  transferOf: (value: Res) => readonly Transferable[] = () => [],
): void {
  let chain = Promise.resolve();
  port.on('message', ({ id, request }: { id: number; request: Req }) => {
    chain = chain.then(async () => {
      try {
        const value = await handle(request);
        port.postMessage({ id, value }, transferOf(value));
      } catch (e) {
        port.postMessage({ id, error: (e as Error)?.stack ?? String(e) });
      }
    });
  });
}
