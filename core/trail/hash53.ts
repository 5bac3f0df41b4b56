/**
 * A 53-bit string hash (a safe integer). The aggregate keeps hashes instead of strings: an
 * event's key (`recordKey`, from its `eventID`) and a session's key cost 8 bytes instead of
 * ~80, and merging can still drop events it already counted. Two different texts share a
 * hash with probability ~n²/2⁵⁴ among n texts (one role and action's events, say).
 */

/** Two 32-bit FNV-1a lanes with different offsets, combined into a safe integer. */
export function hash53(text: string): number {
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
