/**
 * What a file is, by its name: how its records are laid out and whether it is gzip. The
 * one place for the naming rules that the export-directory walk and the trail-file loader
 * share. Content can still overrule a name: the loader also gunzips a whole file that starts
 * with gzip's magic bytes, and the walk recognises other JSON documents by what they hold.
 */

/**
 * `document`: one JSON document (`.json`, `.json.gz`): a delivered log file, lookup-events
 * output, an array, or an ECS/IAM export. `lines`: one JSON value per line (`.jsonl`,
 * `.ndjson`, `.log`, each optionally `.gz`), streamed because it may be larger than
 * memory. `not-data`: anything else (READMEs, scripts, checksums, CloudTrail digest files).
 */
export type FileLayout = 'document' | 'lines' | 'not-data';

export interface FileKind {
  layout: FileLayout;
  /** The name ends in `.gz` (any case). */
  gzip: boolean;
}

const DOCUMENT = /\.json(\.gz)?$/i;
const LINES = /\.(jsonl|ndjson|log)(\.gz)?$/i;
const GZIP = /\.gz$/i;

/**
 * CloudTrail digest files: hourly signed hashes of the log files, delivered beside them as
 * `AWSLogs/<account>/CloudTrail-Digest/<region>/…/<account>_CloudTrail-Digest_<region>_…json.gz`
 * (CloudTrail User Guide, "CloudTrail digest file structure"). They hold no events.
 */
const DIGEST_FOLDER = /(^|[\\/])CloudTrail-Digest[\\/]/i;
const DIGEST_NAME = /_CloudTrail-Digest_[^\\/]*$/i;

/** Is this a CloudTrail digest file (by its folder or its name)? Such files are ignored: they hold no events. */
export function isDigestFile(path: string): boolean {
  return DIGEST_FOLDER.test(path) || DIGEST_NAME.test(path);
}

/** The kind of a file, by its name. Digest files are `not-data`. */
export function fileKind(path: string): FileKind {
  const layout: FileLayout = isDigestFile(path) ? 'not-data' : DOCUMENT.test(path) ? 'document' : LINES.test(path) ? 'lines' : 'not-data';
  return { layout, gzip: GZIP.test(path) };
}

/**
 * Whether a file of an export directory is a CloudTrail file by its name and place alone:
 * line files anywhere, JSON documents under a folder named `cloudtrail` (any case).
 * CloudTrail files are many and large, so these are listed without being opened; other
 * JSON documents are recognised by their content (`Records`, `Events`).
 */
export function isTrailFileByName(relativePath: string): boolean {
  const { layout } = fileKind(relativePath);
  if (layout === 'lines') return true;
  return layout === 'document' && relativePath.split(/[\\/]/).some((seg) => seg.toLowerCase() === 'cloudtrail');
}
