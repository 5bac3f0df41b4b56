/**
 * The inputs the mapping generator knows, identified by the SHA-256 of their content so
 * the provenance written into core/mapping/ cannot drift from what was read. To use a new
 * copy of a source, add its entry here (repository, path, commit, date) and regenerate.
 *
 * How to get them (none is committed: the generated table is ours, the inputs are theirs):
 * - iam-dataset's map.json is over 4 MiB; where the current one cannot be had, iamlive
 *   vendors complete older copies:
 *     git clone https://github.com/iann0036/iamlive && cd iamlive
 *     git show d8e67a2d9a422a00c9246531b3a5f3892c465585:iamlivecore/map.json > map-2022-08-19.json
 *   A current iam-dataset aws/map.json carries `cloudtrail_service_mappings` itself.
 * - cloudtrail-service-mappings.json: that one section of iam-dataset's current aws/map.json,
 *   saved alone ({"cloudtrail_service_mappings": {...}}) because the full file was not available.
 * - AWS SDK for JavaScript v2 API models (the operations each service has), for the
 *   permission-only derivation: `npm pack aws-sdk@2.1693.0` and unpack, or iam-dataset's
 *   util/aws_js/node_modules/aws-sdk/apis; pass the `apis` folder as --sdk-apis.
 */

export interface KnownSource {
  repository: string;
  path: string;
  commit: string;
  date?: string;
  licence: string;
  note?: string;
}

/** map.json inputs by SHA-256 of their bytes. */
export const KNOWN_MAP_FILES: Readonly<Record<string, KnownSource>> = {
  '2affc5c1034d10a4ac37b0b7475a7ff119c8462d86c9829df08d4262c35b105d': {
    repository: 'iann0036/iamlive',
    path: 'iamlivecore/map.json',
    commit: 'd8e67a2d9a422a00c9246531b3a5f3892c465585',
    date: '2022-08-19',
    licence: 'MIT, Copyright (c) 2021 Ian Mckay',
    note: 'the newest complete copy of iann0036/iam-dataset aws/map.json to be had (later copies exceed 4 MiB)',
  },
  '7cb980f65452f508b4c80c648351b8ddeb1acdd4ab436d4edb462fb0c38ace30': {
    repository: 'iann0036/iam-dataset',
    path: 'aws/map.json (cloudtrail_service_mappings only)',
    commit: 'cf9b6c5d6e5e2dfcae08db832ee3d2472e1f1712',
    licence: 'MIT, Copyright (c) 2021 Ian Mckay',
    note: 'the eventSource → prefix section of the current file, copied alone',
  },
};

/** AWS SDK API model sets by package version. */
export const KNOWN_SDK_MODELS: Readonly<Record<string, KnownSource>> = {
  '2.1693.0': {
    repository: 'aws/aws-sdk-js (npm aws-sdk@2.1693.0)',
    path: 'apis/*.min.json',
    commit: 'aws-sdk@2.1693.0',
    licence: 'Apache-2.0, Copyright Amazon.com, Inc. or its affiliates',
    note: 'operation names per service; as vendored in iann0036/iam-dataset util/aws_js',
  },
};
