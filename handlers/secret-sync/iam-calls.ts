import type { IamCall } from "../shared/iam-calls";

const VIA_SECRETS_MANAGER = { "kms:ViaService": "secretsmanager.{region}.amazonaws.com" };

/** The sync's SDK commands (`handlers/secret-sync/index.ts` and what it imports). */
export const IAM_CALLS: readonly IamCall[] = [
  {
    command: "GetSecretValueCommand",
    needs: [
      { action: "secretsmanager:GetSecretValue", resource: "{rdsSecret}" },
      { action: "secretsmanager:GetSecretValue", resource: "{customSecret}" },
      {
        action: "kms:Decrypt",
        resource: "{secretKey}",
        context: VIA_SECRETS_MANAGER,
        implied: "a secret under a customer managed key: Secrets Manager decrypts it as the caller",
        only: "customer keys",
      },
    ],
  },
  {
    command: "PutSecretValueCommand",
    needs: [
      { action: "secretsmanager:PutSecretValue", resource: "{customSecret}" },
      {
        action: "kms:GenerateDataKey",
        resource: "{customSecretKey}",
        context: VIA_SECRETS_MANAGER,
        implied: "a secret under a customer managed key: Secrets Manager encrypts it as the caller",
        only: "customer keys",
      },
    ],
  },
  {
    command: "UpdateSecretVersionStageCommand",
    needs: [
      {
        action: "secretsmanager:UpdateSecretVersionStage",
        resource: "{customSecret}",
        only: "redeploys",
      },
    ],
  },
  {
    command: "StartDeploymentCommand",
    needs: [
      { action: "apprunner:StartDeployment", resource: "{appRunnerService}", only: "redeploys" },
    ],
  },
  {
    command: "UpdateServiceCommand",
    needs: [{ action: "ecs:UpdateService", resource: "{ecsService}", only: "redeploys" }],
  },
];
