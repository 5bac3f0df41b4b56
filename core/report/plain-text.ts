/**
 * Text bound for e-mail and SNS: control characters flattened, length capped with an
 * explicit marker, subjects reduced to what SNS accepts (1–100 printable ASCII characters).
 */

/** Flatten control characters and cap the length, marking any cut. */
export function plain(text: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  const s = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ').replace(/\r?\n/g, ' ');
  return s.length > max ? `${s.slice(0, max - 14)} …[truncated]` : s;
}

/** An SNS subject: printable ASCII only, at most 100 characters. */
export function snsSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?').replace(/\s+/g, ' ').trim();
  const s = ascii.length > 100 ? `${ascii.slice(0, 99)}~` : ascii;
  return s || 'policy-drift';
}

/** Cut a UTF-8 text to at most `maxBytes`, ending with a marker when cut. */
export function fitBytes(text: string, maxBytes: number, marker = '\n…[truncated: see the archived report]\n'): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(marker, 'utf8');
  let cut = text.slice(0, budget);
  while (Buffer.byteLength(cut, 'utf8') > budget) cut = cut.slice(0, -64);
  return cut + marker;
}
