/**
 * The one table of CloudTrail data events, read two ways: which IAM actions are reached
 * only through data events (observability.ts: absent data events of the service, such an
 * action is "not observable"), and which event names are data events when a record does
 * not say (core/trail/event-category.ts).
 *
 * The services are those of the CloudTrail User Guide's table of data event resource
 * types ("Understanding CloudTrail events", section "Data events",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-events.html#cloudtrail-data-events),
 * each keyed by the IAM prefix of its actions. Where a service's own CloudTrail page lists
 * its data-event operations, the entry lists them, with that page cited. Where it does not
 * (or we have not read it), the entry lists none, and the rule for such services applies:
 * every action of the service that does not look like control-plane work (`looksDataPlane`:
 * not Create/Delete/Update/Describe/List/Tag/…, not a policy) may be a data event, so it is
 * "not observable" unless the input holds data events of the service. A wrong "data"
 * costs a reader a second look; a wrong "management" calls a permission unused that
 * CloudTrail could not have shown.
 */

/** One service's data events. */
export interface DataEventService {
  /** The CloudTrail `resources.type` values of its data events (the User Guide's table). */
  readonly resourceTypes: readonly string[];
  /**
   * CloudTrail event names of its data events, as records spell them; `all` when every
   * event of the service is one. Absent: not listed (then no unlabelled record of the
   * service is taken for a data event).
   */
  readonly events?: readonly string[] | 'all';
  /** Of `events`, those early trails logged as management events: an unlabelled record of one proves neither kind. */
  readonly movedFromManagement?: readonly string[];
  /**
   * The IAM actions (names after the prefix, lower case) reached only through data events:
   * a list, `all`, or a rule. Absent: the `looksDataPlane` rule.
   */
  readonly actions?: readonly string[] | 'all' | ((name: string) => boolean);
}

/** Names that read as control-plane work: configuration, inventory, tags and policies of a resource. */
const CONTROL_PLANE = /^(create|delete|update|describe|list|tag|untag|modify|enable|disable|associate|disassociate|attach|detach|register|deregister)|polic(y|ies)$|tagsforresource$/;

/**
 * Does an action (name after the prefix, lower case) of a service with data events but no
 * operation list of ours look like data-plane work? Everything but control-plane verbs does:
 * Get, Put, Send, Invoke, Start, Batch…, Execute, Query, Poll, Respond.
 */
export function looksDataPlane(name: string): boolean {
  return !CONTROL_PLANE.test(name);
}

/** S3 object-level actions (AWS::S3::Object, AWS::S3::AccessPoint): object calls and listings. */
function isS3DataAction(n: string): boolean {
  // Bucket configuration that names objects (object lock) and the Object Lambda access points'
  // configuration (s3:CreateAccessPointForObjectLambda and the like) are management.
  return /object|multipart|^listbucket$|^listbucketversions$/.test(n) && !/objectlambda$/.test(n) && !/^(put|get)bucketobjectlockconfiguration$/.test(n);
}

const lower = (names: readonly string[]) => names.map((n) => n.toLowerCase());

/** IAM prefix → its data events. Keys are the catalog's prefixes (lower case). */
export const DATA_EVENT_SERVICES: ReadonlyMap<string, DataEventService> = new Map<string, DataEventService>([
  // Amazon S3 User Guide, "Amazon S3 CloudTrail events", data events of resource type AWS::S3::Object
  // ("object-level API operations"), https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html.
  // Listings were management events on early trails and are data events today (same page).
  ['s3', {
    resourceTypes: ['AWS::S3::Object', 'AWS::S3::AccessPoint'],
    events: [
      'AbortMultipartUpload', 'CompleteMultipartUpload', 'CopyObject', 'CreateMultipartUpload', 'DeleteObject', 'DeleteObjects',
      'DeleteObjectTagging', 'GetObject', 'GetObjectAcl', 'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectRetention',
      'GetObjectTagging', 'GetObjectTorrent', 'HeadObject', 'PostObject', 'PutObject', 'PutObjectAcl', 'PutObjectLegalHold',
      'PutObjectRetention', 'PutObjectTagging', 'RestoreObject', 'SelectObjectContent', 'UploadPart', 'UploadPartCopy', 'ListParts',
      'ListObjects', 'ListObjectsV2', 'ListObjectVersions',
    ],
    movedFromManagement: ['ListObjects', 'ListObjectsV2', 'ListObjectVersions'],
    actions: isS3DataAction,
  }],
  // Same page: S3 Object Lambda access points log only data events (eventSource s3-object-lambda.amazonaws.com).
  ['s3-object-lambda', { resourceTypes: ['AWS::S3ObjectLambda::AccessPoint'], events: 'all', actions: 'all' }],
  // Amazon S3 User Guide, "CloudTrail log file examples for directory buckets": object calls on directory
  // buckets are authorised through CreateSession, itself a data event (AWS::S3Express::Object).
  ['s3express', { resourceTypes: ['AWS::S3Express::Object'], events: ['CreateSession'], actions: ['createsession'] }],
  // DynamoDB Developer Guide, "Logging DynamoDB operations by using AWS CloudTrail", "DynamoDB data plane events"
  // (item, PartiQL, transaction and stream operations; AWS::DynamoDB::Table, AWS::DynamoDB::Stream).
  ['dynamodb', {
    resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::Stream'],
    events: [
      'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchGetItem', 'BatchWriteItem', 'Query', 'Scan',
      'TransactGetItems', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction',
      'GetRecords', 'GetShardIterator',
    ],
    actions: lower([
      'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchGetItem', 'BatchWriteItem', 'Query', 'Scan', 'ConditionCheckItem',
      'PartiQLSelect', 'PartiQLInsert', 'PartiQLUpdate', 'PartiQLDelete', 'GetRecords', 'GetShardIterator', 'DescribeStream', 'ListStreams',
    ]),
  }],
  // AWS Lambda Developer Guide, "Logging Lambda API calls with CloudTrail": "Invoke" is the data event
  // (AWS::Lambda::Function); InvokeWithResponseStream is authorised and logged the same way.
  ['lambda', { resourceTypes: ['AWS::Lambda::Function'], events: ['Invoke', 'InvokeWithResponseStream'], actions: ['invokefunction', 'invokeasync'] }],
  // Amazon SQS Developer Guide, "Logging Amazon SQS API calls using AWS CloudTrail", "Amazon SQS data events"
  // (message operations on AWS::SQS::Queue; the batch calls are authorised by the single actions).
  ['sqs', {
    resourceTypes: ['AWS::SQS::Queue'],
    events: ['SendMessage', 'SendMessageBatch', 'ReceiveMessage', 'DeleteMessage', 'DeleteMessageBatch', 'ChangeMessageVisibility', 'ChangeMessageVisibilityBatch'],
    actions: ['sendmessage', 'receivemessage', 'deletemessage', 'changemessagevisibility'],
  }],
  // CloudTrail User Guide, same table: "Amazon SNS Publish and PublishBatch API operations on topics", and Publish on platform endpoints.
  ['sns', { resourceTypes: ['AWS::SNS::Topic', 'AWS::SNS::PlatformEndpoint'], events: ['Publish', 'PublishBatch'], actions: ['publish'] }],
  // Amazon Kinesis Data Streams Developer Guide, "Logging Amazon Kinesis Data Streams API calls with AWS
  // CloudTrail", data events on streams and stream consumers (AWS::Kinesis::Stream, ::StreamConsumer).
  ['kinesis', {
    resourceTypes: ['AWS::Kinesis::Stream', 'AWS::Kinesis::StreamConsumer'],
    events: ['PutRecord', 'PutRecords', 'GetRecords', 'GetShardIterator', 'SubscribeToShard'],
    actions: ['putrecord', 'putrecords', 'getrecords', 'getsharditerator', 'subscribetoshard'],
  }],
  // Amazon Data Firehose Developer Guide, "Logging Amazon Data Firehose API calls with AWS CloudTrail", data
  // events on delivery streams (AWS::KinesisFirehose::DeliveryStream).
  ['firehose', { resourceTypes: ['AWS::KinesisFirehose::DeliveryStream'], events: ['PutRecord', 'PutRecordBatch'], actions: ['putrecord', 'putrecordbatch'] }],
  // AWS Step Functions Developer Guide, "Logging Step Functions API calls using AWS CloudTrail", data events
  // on activities and state machines (task tokens, activity polling, synchronous Express executions).
  ['states', {
    resourceTypes: ['AWS::StepFunctions::Activity', 'AWS::StepFunctions::StateMachine'],
    events: ['SendTaskSuccess', 'SendTaskFailure', 'SendTaskHeartbeat', 'GetActivityTask', 'StartSyncExecution'],
    actions: ['sendtasksuccess', 'sendtaskfailure', 'sendtaskheartbeat', 'getactivitytask', 'startsyncexecution'],
  }],
  // Amazon Bedrock User Guide, "Monitor Amazon Bedrock API calls using CloudTrail": agent, knowledge-base, flow,
  // guardrail, session and async invocations are data events; InvokeModel, InvokeModelWithResponseStream (and
  // Converse*, which they authorise) are management events, so an unused one is reported as unused.
  ['bedrock', {
    resourceTypes: ['AWS::Bedrock::AgentAlias', 'AWS::Bedrock::KnowledgeBase', 'AWS::Bedrock::FlowAlias', 'AWS::Bedrock::Guardrail', 'AWS::Bedrock::InlineAgent', 'AWS::Bedrock::AsyncInvoke', 'AWS::Bedrock::Session', 'AWS::Bedrock::PromptVersion', 'AWS::Bedrock::FlowExecution'],
    events: ['InvokeAgent', 'InvokeInlineAgent', 'Retrieve', 'RetrieveAndGenerate', 'InvokeFlow'],
    actions: lower([
      'InvokeAgent', 'InvokeInlineAgent', 'Retrieve', 'RetrieveAndGenerate', 'InvokeFlow', 'ApplyGuardrail', 'GetAsyncInvoke', 'ListAsyncInvokes', 'RenderPrompt', 'CreateSession', 'GetSession', 'UpdateSession', 'EndSession',
      'DeleteSession', 'ListSessions', 'CreateInvocation', 'ListInvocations', 'PutInvocationStep', 'GetInvocationStep', 'ListInvocationSteps',
      'GetFlowExecution', 'ListFlowExecutions', 'ListFlowExecutionEvents', 'StartFlowExecution', 'StopFlowExecution', 'InvokeDataAutomation',
      'InvokeDataAutomationAsync', 'GetDataAutomationStatus', 'InvokeTool', 'InvokeGuardrailChecks', 'AgenticRetrieveStream', 'InvokeAutomatedReasoningPolicy',
      'GetInvoke', 'CancelInvoke', 'DeleteInvoke',
    ]),
  }],
  // Amazon Aurora User Guide, "Logging RDS Data API calls with AWS CloudTrail": "all Data API events are data
  // events" (AWS::RDS::DBCluster).
  ['rds-data', { resourceTypes: ['AWS::RDS::DBCluster'], events: 'all', actions: 'all' }],
  // Amazon SageMaker AI Developer Guide, "Logging Amazon SageMaker AI API calls using AWS CloudTrail": endpoint
  // invocations (AWS::SageMaker::Endpoint), feature store records (::FeatureGroup), trial-component metrics.
  ['sagemaker', {
    resourceTypes: ['AWS::SageMaker::Endpoint', 'AWS::SageMaker::FeatureGroup', 'AWS::SageMaker::ExperimentTrialComponent', 'AWS::SageMaker::MlflowTrackingServer'],
    events: ['InvokeEndpoint', 'InvokeEndpointWithResponseStream', 'InvokeEndpointAsync'],
    actions: lower(['InvokeEndpoint', 'InvokeEndpointWithResponseStream', 'InvokeEndpointAsync', 'PutRecord', 'GetRecord', 'DeleteRecord', 'BatchGetRecord', 'BatchWriteRecord', 'BatchPutMetrics', 'BatchGetMetrics']),
  }],
  // AWS AppConfig User Guide, "Logging AWS AppConfig API calls using AWS CloudTrail", "AWS AppConfig data events"
  // (AWS::AppConfig::Configuration): StartConfigurationSession and GetLatestConfiguration.
  ['appconfig', { resourceTypes: ['AWS::AppConfig::Configuration'], events: ['StartConfigurationSession', 'GetLatestConfiguration'], actions: ['startconfigurationsession', 'getlatestconfiguration'] }],
  // AWS Cloud Map Developer Guide, "Cloud Map data events in CloudTrail" (AWS::ServiceDiscovery::Namespace, ::Service):
  // instance discovery.
  ['servicediscovery', { resourceTypes: ['AWS::ServiceDiscovery::Namespace', 'AWS::ServiceDiscovery::Service'], events: ['DiscoverInstances', 'DiscoverInstancesRevision'], actions: ['discoverinstances', 'discoverinstancesrevision'] }],
  // Amazon CloudWatch User Guide, "Logging Amazon CloudWatch API and console operations with AWS CloudTrail",
  // "CloudWatch data plane events" (AWS::CloudWatch::Metric): the metric data reads and writes. Earlier trails
  // logged the reads as management events, so an unlabelled record of one proves neither kind.
  ['cloudwatch', {
    resourceTypes: ['AWS::CloudWatch::Metric'],
    events: ['GetMetricData', 'GetMetricStatistics', 'ListMetrics', 'PutMetricData', 'GetMetricWidgetImage'],
    movedFromManagement: ['GetMetricData', 'GetMetricStatistics', 'ListMetrics', 'PutMetricData', 'GetMetricWidgetImage'],
    actions: ['getmetricdata', 'getmetricstatistics', 'listmetrics', 'putmetricdata', 'getmetricwidgetimage'],
  }],
  // Amazon EBS User Guide, "Log API calls for EBS direct APIs using AWS CloudTrail" (AWS::EC2::Snapshot): the block
  // reads and writes are data events; StartSnapshot and CompleteSnapshot are management events.
  ['ebs', { resourceTypes: ['AWS::EC2::Snapshot'], events: ['ListSnapshotBlocks', 'ListChangedBlocks', 'GetSnapshotBlock', 'PutSnapshotBlock'], actions: ['listsnapshotblocks', 'listchangedblocks', 'getsnapshotblock', 'putsnapshotblock'] }],
  // CloudTrail User Guide, same table: Timestream Query activity on databases and tables, and activity on regional
  // endpoints (AWS::Timestream::Database, ::Table, ::RegionalEndpoint): queries, record writes, endpoint discovery.
  ['timestream', {
    resourceTypes: ['AWS::Timestream::Database', 'AWS::Timestream::Table', 'AWS::Timestream::RegionalEndpoint'],
    events: ['Query', 'WriteRecords', 'DescribeEndpoints'],
    actions: ['select', 'selectvalues', 'writerecords', 'describeendpoints'],
  }],
  // Amazon SES Developer Guide, "Logging Amazon SES API calls with AWS CloudTrail": sending activity on
  // configuration sets, identities and templates (AWS::SES::ConfigurationSet, ::EmailIdentity, ::Template).
  ['ses', { resourceTypes: ['AWS::SES::ConfigurationSet', 'AWS::SES::EmailIdentity', 'AWS::SES::Template'], actions: (n) => n.startsWith('send') }],
  // AWS Systems Manager User Guide, "Logging AWS Systems Manager API calls with AWS CloudTrail": the node calls of
  // SSM Agent (AWS::SSM::ManagedNode), impact assessments (::ExecutionPreview) and Session Manager channels
  // (AWS::SSMMessages::ControlChannel). Parameter Store and the rest of the API are management events.
  ['ssm', {
    resourceTypes: ['AWS::SSM::ManagedNode', 'AWS::SSM::ExecutionPreview'],
    actions: lower([
      'UpdateInstanceInformation', 'ListInstanceAssociations', 'DescribeInstanceAssociationsStatus', 'UpdateInstanceAssociationStatus',
      'PutInventory', 'PutComplianceItems', 'PutConfigurePackageResult', 'GetManifest', 'GetDeployablePatchSnapshotForInstance',
      'StartExecutionPreview', 'GetExecutionPreview',
    ]),
  }],
  ['ssmmessages', { resourceTypes: ['AWS::SSMMessages::ControlChannel'], events: 'all', actions: 'all' }],
  // Amazon ECS Developer Guide, "Log Amazon ECS API calls using AWS CloudTrail" (AWS::ECS::ContainerInstance): the
  // container agent's calls on its instance. RunTask, StartTask and the rest of the API are management events.
  ['ecs', {
    resourceTypes: ['AWS::ECS::ContainerInstance'],
    actions: lower(['Poll', 'DiscoverPollEndpoint', 'StartTelemetrySession', 'SubmitTaskStateChange', 'SubmitContainerStateChange', 'SubmitAttachmentStateChanges', 'PutSystemLogEvents']),
  }],
  // The rest of the table: services whose data-event operations we do not list (the `looksDataPlane` rule).
  ['cognito-identity', { resourceTypes: ['AWS::Cognito::IdentityPool'] }],
  ['xray', { resourceTypes: ['AWS::XRay::Trace'] }],
  ['cloudtrail-data', { resourceTypes: ['AWS::CloudTrail::Channel'], events: 'all', actions: 'all' }],
  ['s3-outposts', { resourceTypes: ['AWS::S3Outposts::Object'] }],
  ['s3tables', { resourceTypes: ['AWS::S3Tables::Table', 'AWS::S3Tables::TableBucket'] }],
  ['s3vectors', { resourceTypes: ['AWS::S3Vectors::VectorBucket', 'AWS::S3Vectors::Index'] }],
  ['fsx', { resourceTypes: ['AWS::FSx::Volume'] }],
  ['scn', { resourceTypes: ['AWS::SCN::Instance'] }],
  ['swf', { resourceTypes: ['AWS::SWF::Domain'] }],
  ['appsync', { resourceTypes: ['AWS::AppSync::GraphQLApi'] }],
  ['dsql', { resourceTypes: ['AWS::DSQL::Cluster'] }],
  ['b2bi', { resourceTypes: ['AWS::B2BI::Transformer'] }],
  ['bedrock-agentcore', { resourceTypes: ['AWS::BedrockAgentCore::Runtime', 'AWS::BedrockAgentCore::Gateway', 'AWS::BedrockAgentCore::Memory'] }],
  ['cloudfront-keyvaluestore', { resourceTypes: ['AWS::CloudFront::KeyValueStore'] }],
  ['rum', { resourceTypes: ['AWS::RUM::AppMonitor'] }],
  ['networkflowmonitor', { resourceTypes: ['AWS::NetworkFlowMonitor::Monitor', 'AWS::NetworkFlowMonitor::Scope'] }],
  ['codeguru-profiler', { resourceTypes: ['AWS::CodeGuruProfiler::ProfilingGroup'] }],
  ['codewhisperer', { resourceTypes: ['AWS::CodeWhisperer::Customization', 'AWS::CodeWhisperer::Profile'] }],
  ['dataexchange', { resourceTypes: ['AWS::DataExchange::Asset'] }],
  ['deadline', { resourceTypes: ['AWS::Deadline::Fleet', 'AWS::Deadline::Job', 'AWS::Deadline::Queue', 'AWS::Deadline::Worker'] }],
  ['ec2-instance-connect', { resourceTypes: ['AWS::EC2::InstanceConnectEndpoint'] }],
  ['eks', { resourceTypes: ['AWS::EKS::Dashboard'] }],
  ['sms-voice', { resourceTypes: ['AWS::SMSVoice::OriginationIdentity', 'AWS::SMSVoice::Message'] }],
  ['social-messaging', { resourceTypes: ['AWS::SocialMessaging::PhoneNumberId', 'AWS::SocialMessaging::WabaId'] }],
  ['finspace', { resourceTypes: ['AWS::FinSpace::Environment'] }],
  ['gameliftstreams', { resourceTypes: ['AWS::GameLiftStreams::Application', 'AWS::GameLiftStreams::StreamGroup'] }],
  ['glue', { resourceTypes: ['AWS::Glue::Table'] }],
  ['guardduty', { resourceTypes: ['AWS::GuardDuty::Detector', 'AWS::GuardDuty::MalwareScan'] }],
  ['medical-imaging', { resourceTypes: ['AWS::MedicalImaging::Datastore', 'AWS::MedicalImaging::Imageset'] }],
  ['iot', { resourceTypes: ['AWS::IoT::Certificate', 'AWS::IoT::Thing'] }],
  ['greengrass', { resourceTypes: ['AWS::GreengrassV2::ComponentVersion', 'AWS::GreengrassV2::Deployment'] }],
  ['iotsitewise', { resourceTypes: ['AWS::IoTSiteWise::Asset', 'AWS::IoTSiteWise::TimeSeries'] }],
  ['iottwinmaker', { resourceTypes: ['AWS::IoTTwinMaker::Entity', 'AWS::IoTTwinMaker::Workspace'] }],
  ['kendra-ranking', { resourceTypes: ['AWS::KendraRanking::ExecutionPlan'] }],
  ['cassandra', { resourceTypes: ['AWS::Cassandra::Table', 'AWS::Cassandra::Stream'] }],
  ['kinesisvideo', { resourceTypes: ['AWS::KinesisVideo::Stream', 'AWS::KinesisVideo::SignalingChannel'] }],
  ['geo-maps', { resourceTypes: ['AWS::GeoMaps::Provider'] }],
  ['geo-places', { resourceTypes: ['AWS::GeoPlaces::Provider'] }],
  ['geo-routes', { resourceTypes: ['AWS::GeoRoutes::Provider'] }],
  ['machinelearning', { resourceTypes: ['AWS::MachineLearning::MlModel'] }],
  ['managedblockchain', { resourceTypes: ['AWS::ManagedBlockchain::Network', 'AWS::ManagedBlockchain::Node'] }],
  ['managedblockchain-query', { resourceTypes: ['AWS::ManagedBlockchainQuery::QueryAPI'] }],
  ['airflow', { resourceTypes: ['AWS::MWAA::Environment'] }],
  ['neptune-graph', { resourceTypes: ['AWS::NeptuneGraph::Graph'] }],
  ['one', { resourceTypes: ['AWS::One::UKey', 'AWS::One::User'] }],
  ['payment-cryptography', { resourceTypes: ['AWS::PaymentCryptography::Alias', 'AWS::PaymentCryptography::Key'] }],
  ['mobiletargeting', { resourceTypes: ['AWS::Pinpoint::App'] }],
  ['pca-connector-ad', { resourceTypes: ['AWS::PCAConnectorAD::Connector'] }],
  ['pca-connector-scep', { resourceTypes: ['AWS::PCAConnectorSCEP::Connector'] }],
  ['qapps', { resourceTypes: ['AWS::QApps::QApp', 'AWS::QApps::QAppSession'] }],
  ['qbusiness', { resourceTypes: ['AWS::QBusiness::Application', 'AWS::QBusiness::DataSource', 'AWS::QBusiness::Index', 'AWS::QBusiness::WebExperience', 'AWS::QBusiness::Integration'] }],
  ['aiops', { resourceTypes: ['AWS::AIOps::InvestigationGroup'] }],
  ['quicksight', { resourceTypes: ['AWS::Quicksight::ActionConnector', 'AWS::QuickSight::Flow', 'AWS::QuickSight::FlowSession'] }],
  ['sagemaker-mlflow', { resourceTypes: ['AWS::SageMaker::MlflowTrackingServer'] }],
  ['signer', { resourceTypes: ['AWS::Signer::SigningJob', 'AWS::Signer::SigningProfile'] }],
  ['sdb', { resourceTypes: ['AWS::SDB::Domain'] }],
  ['verifiedpermissions', { resourceTypes: ['AWS::VerifiedPermissions::PolicyStore'] }],
  ['thinclient', { resourceTypes: ['AWS::ThinClient::Device', 'AWS::ThinClient::Environment'] }],
  ['redshift', { resourceTypes: ['AWS::Redshift::Cluster'] }],
]);

/** What the table says of one action: a listed data event, one by the rule for unlisted services, or neither. */
export type DataPlaneStatus = 'listed' | 'by-rule' | 'management';

/** Is `action` (`service:Name`, any case) reached only through data events, and by what? */
export function dataPlaneStatus(action: string): DataPlaneStatus {
  const colon = action.indexOf(':');
  const entry = DATA_EVENT_SERVICES.get(action.slice(0, colon).toLowerCase());
  if (!entry) return 'management';
  const name = action.slice(colon + 1).toLowerCase();
  const { actions } = entry;
  if (actions === undefined) return looksDataPlane(name) ? 'by-rule' : 'management';
  if (actions === 'all') return 'listed';
  const listed = typeof actions === 'function' ? actions(name) : actions.includes(name);
  return listed ? 'listed' : 'management';
}
