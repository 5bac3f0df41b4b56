/**
 * The report in any of its text formats as a stream of pieces, for whatever writes it out
 * (the CLI's stdout or `--out` file, the stack's archive): no format is ever built as one
 * string, so a report too big for one (200 roles granted `*` make ~940 MB of JSON; V8's
 * strings stop at ~512 MB) is written all the same, in bounded memory beyond the report.
 *
 * Pure: this module only produces strings. The caller owns the file or pipe, its errors
 * (EPIPE, a full disk) and back-pressure: with Node streams,
 * `await pipeline(Readable.from(reportChunks(report, format)), destination)`; or
 * `await writeReport(report, format, { write: (c) => out.write(c) ? undefined : once(out, 'drain') })`.
 */
import { batched, jsonChunks } from './json-chunks.ts';
import { markdownReportLines } from './markdown.ts';
import type { Report } from './schema.ts';
import { textReportLines, type TextOptions } from './text.ts';

export type ReportFormat = 'text' | 'markdown' | 'json';

export interface ReportOutputOptions extends TextOptions {
  /** Spaces per level of the JSON report. Default 2 (`policy-drift --format json`); 0 gives one line. */
  jsonIndent?: number;
  /** Target size of each piece, in UTF-16 code units. Default 65,536. */
  chunkSize?: number;
}

/** Where `writeReport` puts the pieces; a returned promise is awaited before the next piece (back-pressure). */
export interface ReportSink {
  write(chunk: string): void | Promise<void>;
}

/**
 * The report in `format` as pieces whose concatenation is exactly what the whole-string
 * renderers give: `renderText(report, options)`, `renderMarkdown(report)`, or
 * `JSON.stringify(report, null, jsonIndent)` followed by a newline. No piece is empty.
 */
export function* reportChunks(report: Report, format: ReportFormat, options: ReportOutputOptions = {}): Generator<string> {
  const size = options.chunkSize;
  if (format === 'json') {
    yield* jsonChunks(report, { indent: options.jsonIndent ?? 2, ...(size ? { chunkSize: size } : {}) });
    yield '\n';
    return;
  }
  const lines = format === 'markdown' ? markdownReportLines(report) : textReportLines(report, options);
  yield* batched(withLineEnds(lines), size);
}

function* withLineEnds(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

/** Write the report in `format` to `sink`, piece by piece (see `reportChunks`). */
export async function writeReport(report: Report, format: ReportFormat, sink: ReportSink, options: ReportOutputOptions = {}): Promise<void> {
  for (const chunk of reportChunks(report, format, options)) {
    const pending = sink.write(chunk);
    if (pending) await pending;
  }
}
