/**
 * The trail-mode commands' usage text, apart from the commands: the top-level help prints
 * it, and importing trail-commands.ts for it would load the AWS SDK on every start.
 */

/** `policy-drift backfill --help`. */
export const BACKFILL_HELP = `  policy-drift backfill --trail-bucket B --queue-url URL (--accounts IDS | --organization)
                       [--days N] [--trail-prefix P] [--stack-bucket S] [--region R]
      existing CloudTrail log files of the last N days (default 90) onto the stack's ingest
      queue (trail mode), for the accounts given (ids separated by commas) or every active
      account of the organisation; with --stack-bucket, progress is recorded for the weekly
      report. --region is the stack's (default AWS_REGION)
`;

/** `policy-drift trail-access --help`. */
export const ACCESS_HELP = `  policy-drift trail-access --account ID --region R --trail-bucket B [--stage S]
                       [--trail-prefix P] [--trail-kms-key-arn ARN] [--out FILE]
      the bucket-policy and key-policy statements and the bucket notification a trail
      bucket in another account needs for trail mode, as JSON to paste (--stage: the
      stack's Serverless stage, default dev)
`;

/** Both trail-mode commands, for the top-level help. */
export const TRAIL_HELP = BACKFILL_HELP + ACCESS_HELP;
