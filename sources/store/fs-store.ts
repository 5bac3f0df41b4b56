/**
 * `ObjectStore` in a local folder: same keys, as relative paths. Conditional writes hold
 * within one process (check, then write): enough for local runs, not a lock between
 * processes.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { ConditionalWrite, ObjectStore, VersionedObject, WriteCondition } from './object-store.ts';

const etagOf = (body: Buffer | string) => `"${createHash('md5').update(body).digest('hex')}"`;

export class FsStore implements ObjectStore {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    if (key.split('/').some((seg) => seg === '..' || seg === '')) throw new Error(`invalid store key: ${key}`);
    return join(this.root, ...key.split('/'));
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async getVersioned(key: string): Promise<VersionedObject | undefined> {
    const body = await this.get(key);
    return body && { body, etag: etagOf(body) };
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true });
    // Write then rename: a reader never sees half an object.
    await writeFile(`${p}.tmp`, body);
    await rename(`${p}.tmp`, p);
  }

  async putIf(key: string, body: Buffer | string, condition: WriteCondition): Promise<ConditionalWrite> {
    const current = await this.getVersioned(key);
    if (condition.kind === 'create' && current) return { written: false, reason: 'exists' };
    if (condition.kind === 'replace' && !current) return { written: false, reason: 'missing' };
    if (condition.kind === 'replace' && current!.etag !== condition.etag) return { written: false, reason: 'changed' };
    await this.put(key, body);
    return { written: true, etag: etagOf(body) };
  }

  async list(prefix: string, startAfter = ''): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (!e.name.endsWith('.tmp')) out.push(relative(this.root, p).split(sep).join('/'));
      }
    };
    await walk(this.root);
    return out.filter((k) => k.startsWith(prefix) && k > startAfter).sort();
  }

  describe(key: string): string {
    return this.path(key);
  }
}
