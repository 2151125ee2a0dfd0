import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../core/policy";
import type { SecretSyncArgs } from "./args";

/**
 * What the sync may do: read both secrets of each pair, write the custom ones, use their keys only
 * through Secrets Manager in `region`, and redeploy the app services it names.
 */
export function secretSyncStatements(
  args: Pick<SecretSyncArgs, "pairs" | "appRunnerServiceArn" | "ecsService">,
  region: pulumi.Input<string>,
): pulumi.Input<PolicyStatement>[] {
  const rdsArns = args.pairs.map((pair) => pair.rdsSecretArn);
  const customArns = args.pairs.map((pair) => pair.customSecretArn);
  const redeploys = Boolean(args.appRunnerServiceArn || args.ecsService);
  const viaSecretsManager = {
    StringEquals: {
      "kms:ViaService": pulumi.interpolate`secretsmanager.${region}.amazonaws.com`,
    },
  };

  const statements: pulumi.Input<PolicyStatement>[] = [
    {
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: [...rdsArns, ...customArns],
    },
    {
      Sid: "WriteCustomSecrets",
      Effect: "Allow",
      // UpdateSecretVersionStage clears the redeploy-pending label once the app has redeployed.
      Action: redeploys
        ? ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
        : ["secretsmanager:PutSecretValue"],
      Resource: customArns,
    },
  ];
  const decryptKeys = args.pairs.flatMap((pair) =>
    [pair.rdsSecretKmsKeyArn, pair.customSecretKmsKeyArn].filter((key) => key !== undefined),
  );
  if (decryptKeys.length > 0) {
    statements.push({
      Sid: "DecryptSecrets",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: decryptKeys,
      Condition: viaSecretsManager,
    });
  }
  const encryptKeys = args.pairs.flatMap((pair) =>
    pair.customSecretKmsKeyArn === undefined ? [] : [pair.customSecretKmsKeyArn],
  );
  if (encryptKeys.length > 0) {
    statements.push({
      Sid: "EncryptCustomSecrets",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey"],
      Resource: encryptKeys,
      Condition: viaSecretsManager,
    });
  }
  if (args.appRunnerServiceArn) {
    statements.push({
      Sid: "RedeployAppRunner",
      Effect: "Allow",
      Action: ["apprunner:StartDeployment"],
      Resource: args.appRunnerServiceArn,
    });
  }
  if (args.ecsService) {
    const { clusterArn, serviceName } = args.ecsService;
    statements.push({
      Sid: "RedeployEcsService",
      Effect: "Allow",
      Action: ["ecs:UpdateService"],
      Resource: pulumi
        .all([clusterArn, serviceName])
        .apply(([cluster, service]) => `${cluster.replace(":cluster/", ":service/")}/${service}`),
    });
  }
  return statements;
}
