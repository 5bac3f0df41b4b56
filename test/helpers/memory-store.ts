/** An `ObjectStore` in memory, with S3's conditional writes: for tests that need a store and no S3. */
import { createHash } from 'node:crypto';
import type { ConditionalWrite, ObjectStore, VersionedObject, WriteCondition } from '../../sources/store/object-store.ts';

export class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, VersionedObject>();

  async get(key: string): Promise<Buffer | undefined> {
    return this.objects.get(key)?.body;
  }

  async getVersioned(key: string): Promise<VersionedObject | undefined> {
    return this.objects.get(key);
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const b = Buffer.from(body);
    this.objects.set(key, { body: b, etag: createHash('md5').update(b).digest('hex') });
  }

  async putIf(key: string, body: Buffer | string, condition: WriteCondition): Promise<ConditionalWrite> {
    const cur = this.objects.get(key);
    if (condition.kind === 'create' && cur) return { written: false, reason: 'exists' };
    if (condition.kind === 'replace' && !cur) return { written: false, reason: 'missing' };
    if (condition.kind === 'replace' && cur!.etag !== condition.etag) return { written: false, reason: 'changed' };
    await this.put(key, body);
    return { written: true, etag: this.objects.get(key)!.etag };
  }

  async list(prefix: string, startAfter?: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix) && (startAfter === undefined || k > startAfter)).sort();
  }

  describe(key: string): string {
    return `memory://${key}`;
  }
}
