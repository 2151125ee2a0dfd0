import type { Policies } from "@pulumi/policy";
import { configureApigatewayv2Throttling } from "./configure-apigatewayv2-throttling";
import { configureLambdaAsyncFailureDestination } from "./configure-lambda-async-failure-destination";
import { configureLambdaLogRetention } from "./configure-lambda-log-retention";
import { configureLogGroupRetention } from "./configure-log-group-retention";
import { configureSecretsmanagerCustomerKey } from "./configure-secretsmanager-customer-key";
import { disallowIamAdminPolicyAttachments } from "./disallow-iam-admin-policy-attachments";
import { disallowIamNotActionNotResource } from "./disallow-iam-not-action-not-resource";
import { disallowIamOpenTrustPolicies } from "./disallow-iam-open-trust-policies";
import { disallowIamPassroleWildcard } from "./disallow-iam-passrole-wildcard";
import { disallowIamWildcardActions } from "./disallow-iam-wildcard-actions";
import { disallowIamWildcardResources } from "./disallow-iam-wildcard-resources";
import { disallowLambdaDeprecatedRuntime } from "./disallow-lambda-deprecated-runtime";
import { disallowLambdaPlaintextSecrets } from "./disallow-lambda-plaintext-secrets";
import { disallowS3PublicAccess } from "./disallow-s3-public-access";
import { enableApigatewayv2AccessLogging } from "./enable-apigatewayv2-access-logging";
import { enableKmsKeyRotation } from "./enable-kms-key-rotation";
import { enableLogGroupKmsEncryption } from "./enable-log-group-kms-encryption";
import { enableS3BucketEncryption } from "./enable-s3-bucket-encryption";
import { enableS3BucketVersioning } from "./enable-s3-bucket-versioning";
import { enableS3PublicAccessBlock } from "./enable-s3-public-access-block";
import { enableSnsTopicEncryption } from "./enable-sns-topic-encryption";
import { enableSqsQueueEncryption } from "./enable-sqs-queue-encryption";
import { enforceApigatewayv2RouteAuthorization } from "./enforce-apigatewayv2-route-authorization";
import { enforceLambdaPermissionSource } from "./enforce-lambda-permission-source";
import { enforceS3BucketTls } from "./enforce-s3-bucket-tls";
import { enableRdsStorageEncryption } from "./enable-rds-storage-encryption";
import { disallowRdsPublicAccess } from "./disallow-rds-public-access";
import { configureRdsBackupRetention } from "./configure-rds-backup-retention";
import { enableRdsDeletionProtection } from "./enable-rds-deletion-protection";
import { enableRdsIamAuthentication } from "./enable-rds-iam-authentication";
import { enableRdsMinorVersionUpgrade } from "./enable-rds-minor-version-upgrade";
import { enableEbsEncryption } from "./enable-ebs-encryption";
import { enforceEc2Imdsv2 } from "./enforce-ec2-imdsv2";
import { disallowEc2PublicIp } from "./disallow-ec2-public-ip";
import { disallowEc2OpenAdminPorts } from "./disallow-ec2-open-admin-ports";
import { enableDynamodbPointInTimeRecovery } from "./enable-dynamodb-point-in-time-recovery";
import { configureDynamodbCustomerKey } from "./configure-dynamodb-customer-key";
import { enableDynamodbDeletionProtection } from "./enable-dynamodb-deletion-protection";
import { enableEfsEncryption } from "./enable-efs-encryption";
import { enforceEcrImmutableTags } from "./enforce-ecr-immutable-tags";
import { enableEcrScanOnPush } from "./enable-ecr-scan-on-push";
import { enableEcrKmsEncryption } from "./enable-ecr-kms-encryption";
import { enableCloudtrailLogFileValidation } from "./enable-cloudtrail-log-file-validation";
import { enableCloudtrailKmsEncryption } from "./enable-cloudtrail-kms-encryption";
import { enableCloudtrailMultiRegion } from "./enable-cloudtrail-multi-region";
import { enableRedshiftEncryption } from "./enable-redshift-encryption";
import { disallowRedshiftPublicAccess } from "./disallow-redshift-public-access";
import { disallowIamPublicResourcePolicies } from "./disallow-iam-public-resource-policies";
import { disallowOpensearchPublicDomain } from "./disallow-opensearch-public-domain";
import { enableElasticacheEncryptionAtRest } from "./enable-elasticache-encryption-at-rest";
import { enableElasticacheEncryptionInTransit } from "./enable-elasticache-encryption-in-transit";
import { enableKinesisStreamEncryption } from "./enable-kinesis-stream-encryption";
import { enableLbAccessLogs } from "./enable-lb-access-logs";
import { enableLbDeletionProtection } from "./enable-lb-deletion-protection";
import { enableLbDropInvalidHeaders } from "./enable-lb-drop-invalid-headers";
import { enableOpensearchEncryptionAtRest } from "./enable-opensearch-encryption-at-rest";
import { enableOpensearchNodeToNodeEncryption } from "./enable-opensearch-node-to-node-encryption";
import { enforceCloudfrontHttps } from "./enforce-cloudfront-https";
import { enforceLambdaFunctionUrlAuth } from "./enforce-lambda-function-url-auth";
import { enforceLbHttpsListeners } from "./enforce-lb-https-listeners";
import { enforceOpensearchHttps } from "./enforce-opensearch-https";

/** Every opsguard policy, in the order of the README table. No PolicyPack here: it starts a server. */
export const policies: Policies = [
  enableS3BucketVersioning,
  enableS3BucketEncryption,
  enableS3PublicAccessBlock,
  enforceS3BucketTls,
  disallowS3PublicAccess,
  enableSnsTopicEncryption,
  enableSqsQueueEncryption,
  configureSecretsmanagerCustomerKey,
  enableKmsKeyRotation,
  configureLogGroupRetention,
  enableLogGroupKmsEncryption,
  enableApigatewayv2AccessLogging,
  disallowIamWildcardActions,
  disallowIamWildcardResources,
  disallowIamNotActionNotResource,
  disallowIamPassroleWildcard,
  disallowIamAdminPolicyAttachments,
  disallowIamOpenTrustPolicies,
  enforceLambdaPermissionSource,
  disallowLambdaDeprecatedRuntime,
  disallowLambdaPlaintextSecrets,
  configureLambdaAsyncFailureDestination,
  configureLambdaLogRetention,
  enforceApigatewayv2RouteAuthorization,
  configureApigatewayv2Throttling,
  // Databases, volumes, instances, security groups, tables, file systems, registries, trails.
  enableRdsStorageEncryption,
  disallowRdsPublicAccess,
  configureRdsBackupRetention,
  enableRdsDeletionProtection,
  enableRdsIamAuthentication,
  enableRdsMinorVersionUpgrade,
  enableEbsEncryption,
  enforceEc2Imdsv2,
  disallowEc2PublicIp,
  disallowEc2OpenAdminPorts,
  enableDynamodbPointInTimeRecovery,
  configureDynamodbCustomerKey,
  enableDynamodbDeletionProtection,
  enableEfsEncryption,
  enforceEcrImmutableTags,
  enableEcrScanOnPush,
  enableEcrKmsEncryption,
  enableCloudtrailLogFileValidation,
  enableCloudtrailKmsEncryption,
  enableCloudtrailMultiRegion,
  enableRedshiftEncryption,
  disallowRedshiftPublicAccess,
  // Analytics, caching, streaming, load balancing, CDN, function URLs, resource policies.
  enableOpensearchEncryptionAtRest,
  enableOpensearchNodeToNodeEncryption,
  enforceOpensearchHttps,
  disallowOpensearchPublicDomain,
  enableElasticacheEncryptionAtRest,
  enableElasticacheEncryptionInTransit,
  enableKinesisStreamEncryption,
  enforceLbHttpsListeners,
  enableLbAccessLogs,
  enableLbDropInvalidHeaders,
  enableLbDeletionProtection,
  enforceCloudfrontHttps,
  enforceLambdaFunctionUrlAuth,
  disallowIamPublicResourcePolicies,
];
