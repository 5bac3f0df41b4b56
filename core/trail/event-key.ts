/**
 * A 53-bit key per event, from its `eventID`: aggregates keep keys instead of IDs (8
 * bytes per event instead of ~80) so that merging can drop events already counted.
 * Two different events share a key with probability ~n²/2⁵⁴ within one role and action.
 */

/** Two 32-bit FNV-1a lanes with different offsets, combined into a safe integer. */
export function eventKey(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) + (b >>> 11) * 0x100000000;
}
