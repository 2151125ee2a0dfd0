import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../../core/policy";
import { SecureBucket } from "../../core/secure-bucket";
import { AUDIT_BUCKET_PREFIXES, AUDIT_LOG_COLUMNS } from "../../../contracts/policy-monitor";
import { DEFAULT_AUDIT_RETENTION_DAYS } from "./args";
import type { ResponderContext } from "./context";

export interface AuditLogOptions {
  /** Days the audit log is kept. Defaults to `DEFAULT_AUDIT_RETENTION_DAYS` (365). */
  readonly retentionDays?: number;
  /** Glue database of the audit table. Defaults to `opsguard_policy_monitor_<stack>`. */
  readonly glueDatabaseName?: string;
}

/** The audit bucket, and the Glue database and table (partition projection) over `audit/`. */
export function createAuditLog(name: string, options: AuditLogOptions, ctx: ResponderContext) {
  const bucket = new SecureBucket(
    `${name}-audit`,
    {
      lifecycleRules: [
        {
          id: "expire-audit",
          status: "Enabled",
          filter: { prefix: AUDIT_BUCKET_PREFIXES.audit },
          expiration: { days: options.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
        },
      ],
      tags: ctx.tags,
    },
    ctx.opts,
  );
  const writeStatements = (prefixes: string[]): PolicyStatement[] => [
    {
      Sid: "WriteAuditLog",
      Effect: "Allow",
      Action: ["s3:PutObject"],
      Resource: prefixes.map((prefix) => pulumi.interpolate`${bucket.arn}/${prefix}*`),
    },
    {
      Sid: "EncryptAuditLog",
      Effect: "Allow",
      // A single-part PutObject with SSE-KMS needs only a data key; nothing here reads the log.
      Action: ["kms:GenerateDataKey"],
      Resource: bucket.kmsKeyArn as pulumi.Output<string>,
    },
  ];
  const stack = pulumi
    .getStack()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "_");
  const database = new aws.glue.CatalogDatabase(
    `${name}-glue`,
    {
      name: options.glueDatabaseName ?? `opsguard_policy_monitor_${stack}`,
      description: "Audit log of the IAM policy monitor (violations and remediations)",
    },
    ctx.opts,
  );
  const location = pulumi.interpolate`s3://${bucket.bucketName}/${AUDIT_BUCKET_PREFIXES.audit}`;
  const table = new aws.glue.CatalogTable(
    `${name}-audit-table`,
    {
      databaseName: database.name,
      name: "audit_log",
      tableType: "EXTERNAL_TABLE",
      parameters: {
        EXTERNAL: "TRUE",
        classification: "json",
        "projection.enabled": "true",
        "projection.year.type": "integer",
        "projection.year.range": "2024,2100",
        "projection.month.type": "integer",
        "projection.month.range": "1,12",
        "projection.month.digits": "2",
        "projection.day.type": "integer",
        "projection.day.range": "1,31",
        "projection.day.digits": "2",
        "storage.location.template": pulumi.interpolate`${location}year=\${year}/month=\${month}/day=\${day}/`,
      },
      partitionKeys: ["year", "month", "day"].map((key) => ({ name: key, type: "string" })),
      storageDescriptor: {
        location,
        inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serDeInfo: {
          serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
          parameters: { "ignore.malformed.json": "true" },
        },
        columns: AUDIT_LOG_COLUMNS.map(([column, type]) => ({ name: column, type })),
      },
    },
    ctx.opts,
  );
  return { bucket, database, table, writeStatements };
}

/** The audit log's bucket, Glue database and table, and the grants to write under prefixes. */
export type AuditLog = ReturnType<typeof createAuditLog>;
