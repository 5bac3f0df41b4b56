import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { dataKindsOf } from '../../../core/catalog/data-kinds.ts';
import { observabilityOf } from '../../../core/catalog/observability.ts';
import { catalog } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});
const kinds = (action: string) => dataKindsOf(action, (a) => cat.lookup(a)?.accessLevel);

describe('the kinds of data events the calls needing an action produce', () => {
  it('are read and write for s3:GetObject: copies need it on the source and CloudTrail records them as writes', () => {
    const k = kinds('s3:GetObject');
    expect(k.kinds).toBe('both');
    expect(k.writeOps).toEqual(expect.arrayContaining(['s3:CopyObject', 's3:UploadPartCopy']));
    expect(k.readOps).toEqual(expect.arrayContaining(['s3:GetObject', 's3:HeadObject']));
  });

  it('follow the access levels of every action an operation needs, in any service', () => {
    expect(kinds('s3:PutObject').kinds).toBe('write');
    expect(kinds('s3:GetObjectTagging').kinds).toBe('read');
    expect(kinds('dynamodb:GetItem').kinds).toBe('read');
    expect(kinds('dynamodb:PutItem').kinds).toBe('write');
    expect(kinds('lambda:InvokeFunction').kinds).toBe('write');
  });

  it('are both when the catalog knows none of the actions', () => {
    expect(dataKindsOf('s3:GetObject', () => undefined).kinds).toBe('both');
  });

  it('decide a data-plane action\'s observability: a trail of reads only cannot show s3:GetObject, and says why', () => {
    const s3 = new Set(['s3']);
    const readsOnly = { dataSeen: new Map([['s3', { readOnly: true, write: false }]]), isRead: true };
    const o = observabilityOf('s3:GetObject', s3, undefined, { ...readsOnly, dataKinds: kinds('s3:GetObject') });
    expect(o).toMatchObject({ observable: false, reason: 'no-data-events' });
    expect(o.detail).toMatch(/no write data events of s3 .*write calls need it too: s3:CopyObject/);
    expect(observabilityOf('s3:GetObjectTagging', s3, undefined, { ...readsOnly, dataKinds: kinds('s3:GetObjectTagging') })).toEqual({ observable: true });
  });
});
