import type * as pulumi from "@pulumi/pulumi";
import { componentArgsError } from "../core/errors";

export const DEFAULT_BRANCHES: readonly string[] = ["main"];
export const DEFAULT_RESOURCE_PREFIX = "opsguard";
export const DEFAULT_MAX_SESSION_DURATION = 3600;

export interface GithubDeployRoleArgs {
  /** The GitHub repository, `owner/name`, whose workflows may assume the role. Required. */
  readonly repository: string;
  /**
   * Branches whose workflow runs may assume the role (`ref:refs/heads/<branch>`), exact names.
   * Defaults to `DEFAULT_BRANCHES` (`["main"]`).
   */
  readonly branches?: string[];
  /** GitHub environments whose jobs may assume the role (`environment:<env>`), exact names. Defaults to none. */
  readonly environments?: string[];
  /**
   * The account's existing OIDC provider for `token.actions.githubusercontent.com` (there can be only
   * one per account). Defaults to a new provider.
   */
  readonly oidcProviderArn?: pulumi.Input<string>;
  /**
   * The prefix of the names of the resources the role may manage, where AWS can scope by name.
   * Defaults to `DEFAULT_RESOURCE_PREFIX` (`opsguard`).
   */
  readonly resourcePrefix?: string;
  /** The role's name. Defaults to `<resourcePrefix>-github-deploy`. */
  readonly roleName?: string;
  /** A self-managed Pulumi state bucket the role may read and write. Defaults to none (Pulumi Cloud). */
  readonly stateBucketName?: string;
  /** The KMS key of the stacks' secrets provider, for `awskms://` secrets. Defaults to none. */
  readonly secretsKmsKeyArn?: pulumi.Input<string>;
  /** Session length in seconds. Defaults to `DEFAULT_MAX_SESSION_DURATION` (3600). */
  readonly maxSessionDuration?: number;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args cannot make a safe trust policy; the message names the bad value. */
export const GithubDeployRoleArgsError = componentArgsError("GithubDeployRole");
export type GithubDeployRoleArgsError = InstanceType<typeof GithubDeployRoleArgsError>;

/**
 * Checks what the types cannot: the trust policy names one repository and at least one branch or
 * environment, each exactly (an OIDC `sub` condition would take `*` as a wildcard).
 */
export function validateGithubDeployRoleArgs(name: string, args: GithubDeployRoleArgs): void {
  const fail = (problem: string) => {
    throw new GithubDeployRoleArgsError(name, problem);
  };
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(args.repository)) {
    fail(`repository must be "owner/name", got "${args.repository}"`);
  }
  const branches = args.branches ?? DEFAULT_BRANCHES;
  const environments = args.environments ?? [];
  for (const value of [...branches, ...environments]) {
    if (!/^[A-Za-z0-9_./-]+$/.test(value)) {
      fail(`branch or environment "${value}" must not hold wildcards or spaces`);
    }
  }
  if (branches.length + environments.length === 0) {
    fail("at least one branch or environment must be trusted");
  }
}
