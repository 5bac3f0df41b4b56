/**
 * Every way text from the input (role names, ARNs, error messages: anything an attacker
 * who can make an API call can shape) is made safe for where it is printed: the
 * terminal, Markdown, and e-mail / SNS plain text.
 *
 * One sanitiser and one truncation rule serve all of them:
 * - `sanitise` turns every character that can move the cursor, recolour a terminal,
 *   start a new line or reorder what is displayed into a space: C0 and C1 controls (so an
 *   ESC sequence loses its ESC), DEL, the Unicode line and paragraph separators, and the
 *   bidirectional overrides, embeddings, isolates and marks ("Trojan Source");
 * - `truncate` caps a length and ends a cut with `TRUNCATION_MARKER`, never splitting a
 *   surrogate pair. The marker is `…` (what the terminal report always printed, so its
 *   golden copy is unchanged); SNS subjects, which admit ASCII only, spell it `...`.
 *
 * JSON that is printed whole (a suggested policy) is never sanitised or cut, which would
 * change the policy: `displayJson` writes the unsafe characters as `\uXXXX` escapes instead.
 * `snsText` is the last pass over an SNS message, for what XML (and so SNS) refuses.
 */

/** Ends every cut text. */
export const TRUNCATION_MARKER = '…';

/** The marker where only printable ASCII is allowed (SNS subjects). */
const ASCII_TRUNCATION_MARKER = '...';

// C0 controls (tab and newline included), DEL and C1 controls; U+061C, U+200E/F (bidi
// marks), U+2028/9 (line and paragraph separators), U+202A–E (embeddings, overrides),
// U+2066–9 (isolates); the noncharacters U+FFFE/F and lone surrogates (valid in an S3 key,
// not in XML, so SNS refuses them and the SDK cannot even URL-encode a lone surrogate).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replace every control, line-separator, bidi-control, noncharacter and lone-surrogate character with a space. */
export function sanitise(text: string): string {
  return text.replace(UNSAFE, ' ');
}

/** Cap `text` at `max` characters; a cut text ends with `marker`. */
export function truncate(text: string, max: number, marker = TRUNCATION_MARKER): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - marker.length);
  // Never leave half of a surrogate pair (an emoji, say) before the marker.
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end) + marker;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Terminal text: sanitised and capped, so input cannot move the cursor or recolour the terminal. */
export function terminalText(text: string, max = 300): string {
  return truncate(sanitise(text), max);
}

// Every punctuation mark that could start a link, image, emphasis, heading, list, table
// cell or HTML, and `&`, which would start an entity (`&#x202e;` is a bidi override).
const MD_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&]/g;

/** Markdown text: sanitised, capped, and every punctuation mark that could start a link, image, emphasis, table cell or entity escaped. */
export function md(text: string, max = 300): string {
  return truncate(sanitise(text), max).replace(MD_SPECIAL, (ch) => `\\${ch}`);
}

/** A Markdown code span that no backtick in the text can close early and no pipe can split (GFM splits table cells first). */
export function code(text: string, max = 300): string {
  return codeSpan(truncate(sanitise(text), max));
}

function codeSpan(s: string): string {
  const text = s.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

// A word GitHub would turn into a link by itself (GFM autolinks: a scheme and `://`,
// `www.`, an e-mail address, `mailto:`/`xmpp:`), escaped or not.
const LINKABLE = /:\/\/|www\.|@|mailto:|xmpp:/i;

/**
 * Markdown prose from the input: `md`, except that a word GitHub would autolink (a URL,
 * `www.`, an e-mail address) is shown as a code span, where nothing becomes a link. Escaping
 * alone does not stop autolinks: `https://evil\.example` is still a link to `https://evil`.
 */
export function mdText(text: string, max = 300): string {
  return truncate(sanitise(text), max)
    .split(' ')
    .map((word) => (LINKABLE.test(word) ? codeSpan(word) : word.replace(MD_SPECIAL, (ch) => `\\${ch}`)))
    .join(' ');
}

/** E-mail / SNS plain text: sanitised onto one line and capped. */
export function plain(text: string, max = 500): string {
  return truncate(sanitise(text), max);
}

/** An SNS subject: one line of printable ASCII (controls become spaces, other characters `?`), 1–100 characters. */
export function snsSubject(text: string): string {
  const ascii = sanitise(text).replace(/[^\x20-\x7e]/g, '?').replace(/\s+/g, ' ').trim();
  return truncate(ascii, 100, ASCII_TRUNCATION_MARKER) || 'policy-drift';
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Entities for the five characters that can open a tag, end an attribute value or start an
 * entity. Enough for element content and for quoted attribute values (the HTML renderer
 * quotes every attribute); never for a URL, a style or a script (it writes none from input).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch]!);
}

/** HTML text from the input: sanitised (no bidi reordering, no line breaks), capped, then entity-escaped. */
export function htmlText(text: string, max = 300): string {
  return escapeHtml(truncate(sanitise(text), max));
}

// What `JSON.stringify` leaves raw of `UNSAFE`: it escapes C0 controls and lone surrogates
// inside strings itself, and outside strings the only C0 characters are its own layout
// (newlines, spaces).
// eslint-disable-next-line no-control-regex
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g;

/**
 * JSON text from `JSON.stringify` (or `compactJson`) in which every character `sanitise`
 * would replace is written as a `\uXXXX` escape. Such characters can only occur inside
 * JSON strings, where the escape is valid, so the text parses to the same value (a policy
 * stays exact to paste) while nothing in it can reorder or break what is displayed.
 */
export function displayJson(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A value as a fenced Markdown JSON block, lines ready to push: written by `displayJson`
 * (a policy stays exact, nothing in it can reorder the page) inside a fence longer than any
 * backtick run in it, so no value can close the block.
 */
export function fencedJson(value: unknown): string[] {
  const json = displayJson(JSON.stringify(value, null, 2));
  const fence = '`'.repeat(Math.max(3, ...(json.match(/`+/g) ?? []).map((m) => m.length + 1)));
  return [`${fence}json`, ...json.split('\n'), fence];
}

/**
 * Cut a whole message to at most `maxBytes` of UTF-8, after its last whole line that fits
 * (inside a line only when not even one fits), never inside a character. A cut message
 * ends with the marker and, on its own line, `note` (say where the rest is).
 */
export function fitBytes(text: string, maxBytes: number, note = ''): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  const tail = `${TRUNCATION_MARKER}\n${note ? `${note}\n` : ''}`;
  const budget = Math.max(0, maxBytes - encoder.encode(tail).length);
  // `encodeInto` stops before a character that does not fit whole: `read` is a safe cut.
  const { read } = encoder.encodeInto(text, new Uint8Array(budget));
  const lineEnd = read > 0 ? text.lastIndexOf('\n', read - 1) : -1;
  return text.slice(0, lineEnd >= 0 ? lineEnd + 1 : read) + tail;
}

// What XML 1.0 admits, and so what SNS takes in a message: tab, LF, CR, U+0020–U+D7FF,
// U+E000–U+FFFD and whole surrogate pairs. Everything else here: the other C0 controls, the
// noncharacters U+FFFE/F, lone surrogates.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A whole SNS message body (or attribute value) as SNS accepts it: every character XML
 * refuses becomes U+FFFD. The renderers already keep such characters out of input text
 * (`plain`); this is the last pass over everything, JSON blocks included, so that no input
 * can make a publish fail and an alert be lost.
 */
export function snsText(text: string): string {
  return text.replace(NOT_XML, '\ufffd');
}
