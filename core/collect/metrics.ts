/**
 * The checkpoint-age metric, in CloudWatch's embedded metric format: one JSON log line per
 * stream that CloudWatch Logs turns into a metric, with no PutMetricData call (and no IAM
 * permission for it). Each line counts under two dimension sets: the function alone (its
 * Maximum is the oldest stream, which the stack's alarm watches) and the function and
 * stream (to see which stream lags).
 */

export const METRICS_NAMESPACE = 'PolicyDrift';
export const CHECKPOINT_AGE_METRIC = 'CheckpointAgeSeconds';

export interface StreamAge {
  stream: string;
  /** Seconds between the end of what has been read in full and now. */
  ageSeconds: number;
}

/** One embedded-metric-format document per stream. */
export function checkpointAgeMetrics(ages: readonly StreamAge[], functionName: string, now: number): Record<string, unknown>[] {
  return ages.map((a) => ({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['FunctionName'], ['FunctionName', 'Stream']],
          Metrics: [{ Name: CHECKPOINT_AGE_METRIC, Unit: 'Seconds' }],
        },
      ],
    },
    FunctionName: functionName,
    Stream: a.stream,
    [CHECKPOINT_AGE_METRIC]: Math.max(0, Math.round(a.ageSeconds)),
  }));
}
