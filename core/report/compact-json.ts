/**
 * JSON for people: like `JSON.stringify(v, null, 2)`, but arrays and objects that fit on
 * one line stay on one line, so a policy reads as a handful of statements, not a column.
 * The result parses to the same value.
 */
export function compactJson(value: unknown, width = 100, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (indent.length + flat.length <= width || value === null || typeof value !== 'object') return spaced(flat, value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + compactJson(v, width, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, width, inner)}`).join(',\n')}\n${indent}}`;
}

/** One-line JSON with a space after separators, for legibility (built structurally: string contents are untouched). */
function spaced(flat: string, value: unknown): string {
  if (value === null || typeof value !== 'object') return flat;
  if (Array.isArray(value)) return `[${value.map((v) => spaced(JSON.stringify(v) ?? 'null', v)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${spaced(JSON.stringify(v), v)}`).join(', ')} }`;
}
