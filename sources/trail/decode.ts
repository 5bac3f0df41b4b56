/**
 * Bytes of an export file as text. The AWS CLI writes UTF-8, but exports made on Windows
 * are often UTF-8 with a byte-order mark, or UTF-16 (Windows PowerShell's `>` and
 * `Out-File` default): all are decoded, so that a real export is never skipped as invalid
 * JSON for its encoding. JSON text starts with an ASCII character, so UTF-16 without a
 * mark still shows itself by a zero byte beside the first character.
 */
import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';

/** The encodings an export file may be in. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding of a file from its first bytes (a byte-order mark, or UTF-16's zero bytes around ASCII). */
export function sniffEncoding(head: Uint8Array): TextEncodingName {
  const [a, b] = [head[0], head[1]];
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (head.length >= 2 && a !== 0 && b === 0) return 'utf-16le';
  if (head.length >= 2 && a === 0 && b !== 0) return 'utf-16be';
  return 'utf-8';
}

/**
 * A whole file's bytes as text, its byte-order mark dropped. UTF-8 is decoded from the
 * bytes in place (no copy of the bytes first).
 */
export function textOf(bytes: Uint8Array): string {
  const encoding = sniffEncoding(bytes);
  if (encoding === 'utf-8') {
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const start = hasBom ? 3 : 0;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
    // ASCII decodes as Latin-1 (a copy) to the same string, twice as fast as UTF-8's decoder (bench files).
    return view.toString(isAscii(view) ? 'latin1' : 'utf8');
  }
  // TextDecoder drops the byte-order mark itself.
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * Splits a stream of bytes into lines, decoding as `sniffEncoding` says from the first
 * chunk. A line longer than `maxLine` characters is never held: its start is dropped as
 * soon as it passes the cap, the rest skipped up to the next newline, and `onTooLong` told.
 */
export class LineSplitter {
  private decoder: TextDecoder | undefined;
  private pending: string[] = [];
  private pendingLength = 0;
  private discarding = false;

  constructor(
    private readonly maxLine: number,
    private readonly onLine: (line: string) => void,
    private readonly onTooLong: () => void,
  ) {}

  /** Feed the next chunk of bytes. */
  push(chunk: Uint8Array): void {
    this.decoder ??= new TextDecoder(sniffEncoding(chunk));
    this.take(this.decoder.decode(chunk, { stream: true }));
  }

  /** The input has ended: the last line, if it has no newline. */
  end(): void {
    if (this.decoder) this.take(this.decoder.decode());
    if (!this.discarding && this.pendingLength > 0) this.onLine(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  private take(text: string): void {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      if (this.discarding) this.discarding = false;
      else if (this.pendingLength + (nl - from) > this.maxLine) this.onTooLong();
      else if (this.pendingLength === 0) this.onLine(text.slice(from, nl));
      else this.onLine(this.pending.join('') + text.slice(from, nl));
      this.pending = [];
      this.pendingLength = 0;
      from = nl + 1;
    }
    if (this.discarding || from === text.length) return;
    const rest = text.length - from;
    if (this.pendingLength + rest > this.maxLine) {
      // Past the cap before its end: drop what is held and skip to the next newline.
      this.onTooLong();
      this.discarding = true;
      this.pending = [];
      this.pendingLength = 0;
      return;
    }
    this.pending.push(text.slice(from));
    this.pendingLength += rest;
  }
}
