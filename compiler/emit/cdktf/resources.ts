/**
 * The provider classes the constructs create, loaded with deep imports only: the root of
 * `@cdktf/provider-aws` loads all 2,216 modules (seconds, ~550 MB), one submodule costs ~1 ms.
 */
import type { TerraformDataSource, TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity/index.js";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region/index.js";
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version/index.js";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter/index.js";
import { DatapipelinePipeline } from "@cdktf/provider-aws/lib/datapipeline-pipeline/index.js";
import { DatapipelinePipelineDefinition } from "@cdktf/provider-aws/lib/datapipeline-pipeline-definition/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket/index.js";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule/index.js";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine/index.js";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic/index.js";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue/index.js";

export type ResourceClass = new (scope: Construct, id: string, config: never) => TerraformResource;
export type DataSourceClass = new (scope: Construct, id: string, config: never) => TerraformDataSource;

/** Terraform data source type → provider class. */
export const DATA_SOURCE_CLASSES: Readonly<Record<string, DataSourceClass>> = {
  aws_caller_identity: DataAwsCallerIdentity as unknown as DataSourceClass,
  aws_region: DataAwsRegion as unknown as DataSourceClass,
  aws_secretsmanager_secret_version: DataAwsSecretsmanagerSecretVersion as unknown as DataSourceClass,
  aws_ssm_parameter: DataAwsSsmParameter as unknown as DataSourceClass,
};

/** Terraform resource type → provider class. */
export const RESOURCE_CLASSES: Readonly<Record<string, ResourceClass>> = {
  aws_cloudwatch_log_group: CloudwatchLogGroup as unknown as ResourceClass,
  aws_cloudwatch_metric_alarm: CloudwatchMetricAlarm as unknown as ResourceClass,
  aws_datapipeline_pipeline: DatapipelinePipeline as unknown as ResourceClass,
  aws_datapipeline_pipeline_definition: DatapipelinePipelineDefinition as unknown as ResourceClass,
  aws_iam_role: IamRole as unknown as ResourceClass,
  aws_iam_role_policy: IamRolePolicy as unknown as ResourceClass,
  aws_s3_bucket: S3Bucket as unknown as ResourceClass,
  aws_s3_bucket_public_access_block: S3BucketPublicAccessBlock as unknown as ResourceClass,
  aws_s3_bucket_server_side_encryption_configuration: S3BucketServerSideEncryptionConfigurationA as unknown as ResourceClass,
  aws_scheduler_schedule: SchedulerSchedule as unknown as ResourceClass,
  aws_sfn_state_machine: SfnStateMachine as unknown as ResourceClass,
  aws_sns_topic: SnsTopic as unknown as ResourceClass,
  aws_sqs_queue: SqsQueue as unknown as ResourceClass,
};

export {
  DataAwsCallerIdentity,
  DataAwsRegion,
  CloudwatchLogGroup,
  CloudwatchMetricAlarm,
  DatapipelinePipeline,
  DatapipelinePipelineDefinition,
  IamRole,
  IamRolePolicy,
  S3Bucket,
  S3BucketPublicAccessBlock,
  S3BucketServerSideEncryptionConfigurationA,
  SchedulerSchedule,
  SfnStateMachine,
  SnsTopic,
  SqsQueue,
};
