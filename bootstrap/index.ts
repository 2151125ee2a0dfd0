import * as pulumi from "@pulumi/pulumi";
import { GithubDeployRole } from "../components/github-deploy-role";
import { parseConfigObject } from "../config/parse";
import { deployRoleConfigSchema } from "./config";

const config = new pulumi.Config();
const deployRole = new GithubDeployRole(
  "github-deploy",
  parseConfigObject(
    "opsguard-bootstrap:deployRole",
    deployRoleConfigSchema,
    config.requireObject("deployRole"),
  ),
);

/** The secret `AWS_DEPLOY_ROLE_ARN` of the GitHub repository. */
export const deployRoleArn = deployRole.roleArn;
export const oidcProviderArn = deployRole.oidcProviderArn;
