import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ORGANIZATION_HUB_REGION } from "../../contracts/organization";
import { policyDocument } from "../core/policy";
import { iamEventPattern } from "../policy-monitor/iam-events";
import {
  resolvedMemberRegions,
  resolvedRoleNames,
  validateOrganizationHubArgs,
  type HubFunction,
  type OrganizationHubArgs,
} from "./args";
import { CLOUDTRAIL_DETAIL_TYPE, hubBusPolicyStatements } from "./hub-bus";
import { MEMBER_LAMBDA_EVENT_PATTERN } from "./member-pieces";
import { memberRemediatorStatements } from "./member-remediator";
import { memberTemplate, TEMPLATE_ACCOUNT, TEMPLATE_PARTITION } from "./member-template";

export * from "./args";
export { OrganizationMember, type OrganizationMemberArgs } from "./member";

/**
 * The hub of an AWS Organization: one opsguard stack that guards every member account.
 *
 * - A bus in us-east-1 (`memberBusArn`) that accounts of the organization, and only they, put
 *   their CloudTrail IAM and Lambda events on; IAM's events reach EventBridge only in us-east-1,
 *   and each member region's Lambda rule sends there across regions, so members need one target.
 * - When the hub's functions run in another region, one relay rule moves the events to a bus of
 *   that region (Lambda targets must share the rule's region); rules there invoke the detector
 *   and CodeWatcher.
 * - A service-managed StackSet with automatic deployment: its template (`memberTemplate`) holds
 *   the forwarding rules and the member roles, deployed to `memberTargets` in us-east-1 and every
 *   member region, and to every account that joins those OUs later. The management account is
 *   never a target of a service-managed StackSet: deploy `OrganizationMember` there.
 */
export class OrganizationHub extends pulumi.ComponentResource {
  /** The bus in us-east-1 that members forward to. */
  public readonly memberBusArn: pulumi.Output<string>;
  /** Its name. */
  public readonly memberBusName: pulumi.Output<string>;
  /** The bus of the hub's region whose rules invoke the functions (the member bus in us-east-1). */
  public readonly deliveryBusName: pulumi.Output<string>;
  /** The StackSet that enrolls the members. */
  public readonly stackSetName: pulumi.Output<string>;
  /** The template it deploys, as JSON. */
  public readonly memberTemplateBody: pulumi.Output<string>;

  constructor(name: string, args: OrganizationHubArgs, opts?: pulumi.ComponentResourceOptions) {
    validateOrganizationHubArgs(name, args);
    super("opsguard:index:OrganizationHub", name, {}, opts);
    const parent = { parent: this };
    const region = args.region ?? aws.config.region ?? ORGANIZATION_HUB_REGION;
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const memberRegions = resolvedMemberRegions(args);
    const roleNames = resolvedRoleNames(args);
    const excludedAccounts = args.excludedAccounts ?? [];
    const lambda = args.codeWatcher !== undefined;
    const inHubRegion: pulumi.CustomResourceOptions =
      region === ORGANIZATION_HUB_REGION
        ? parent
        : {
            parent: this,
            provider: new aws.Provider(
              `${name}-${ORGANIZATION_HUB_REGION}`,
              { region: ORGANIZATION_HUB_REGION },
              parent,
            ),
          };

    const memberBus = new aws.cloudwatch.EventBus(
      `${name}-member-events`,
      { description: "opsguard: CloudTrail events forwarded by member accounts", tags: args.tags },
      inHubRegion,
    );
    const memberBusArn = memberBus.arn;
    new aws.cloudwatch.EventBusPolicy(
      `${name}-member-events-policy`,
      {
        eventBusName: memberBus.name,
        policy: memberBusArn.apply((busArn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: hubBusPolicyStatements({
              busArn,
              organizationId: args.organizationId,
              lambda,
              excludedAccounts,
            }),
          }),
        ),
      },
      inHubRegion,
    );

    const deliveryBusName =
      region === ORGANIZATION_HUB_REGION
        ? memberBus.name
        : relayToHubRegion(
            name,
            { memberBus, region, account, lambda, tags: args.tags },
            inHubRegion,
            this,
          );

    const route = (role: string, pattern: object, target: HubFunction) => {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-${role}`,
        {
          description: `Member accounts' ${role}, to ${role === "iam-events" ? "the detector" : "CodeWatcher"}`,
          eventBusName: deliveryBusName,
          eventPattern: JSON.stringify(pattern),
          tags: args.tags,
        },
        parent,
      );
      new aws.cloudwatch.EventTarget(
        `${name}-${role}-target`,
        {
          rule: rule.name,
          eventBusName: deliveryBusName,
          arn: target.functionArn,
          retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 24 * 3600 },
        },
        parent,
      );
      new aws.lambda.Permission(
        `${name}-${role}-permission`,
        {
          action: "lambda:InvokeFunction",
          function: target.functionName,
          principal: "events.amazonaws.com",
          sourceArn: rule.arn,
        },
        parent,
      );
    };
    route("iam-events", iamEventPattern, args.detector);
    if (args.codeWatcher) route("lambda-events", MEMBER_LAMBDA_EVENT_PATTERN, args.codeWatcher);

    const remediatorStatements = args.remediator
      ? memberRemediatorStatements(roleNames, args.remediator.protectedPrincipals ?? [], {
          partition: TEMPLATE_PARTITION,
          account: TEMPLATE_ACCOUNT,
        })
      : pulumi.output(undefined);
    this.memberTemplateBody = pulumi
      .all([
        memberBusArn,
        args.detector.roleArn,
        args.remediator?.roleArn,
        args.codeWatcher?.roleArn,
        remediatorStatements,
      ])
      .apply(([hubBusArn, policyReader, remediator, codeReader, statements]) =>
        JSON.stringify(
          memberTemplate({
            organizationId: args.organizationId,
            hubBusArn,
            memberRegions,
            roleNames,
            hubRoleArns: { policyReader, remediator, codeReader },
            remediatorStatements: statements,
          }),
          null,
          2,
        ),
      );

    const callAs = args.callAs ?? "DELEGATED_ADMIN";
    const stackSet = new aws.cloudformation.StackSet(
      `${name}-members`,
      {
        description: "opsguard member pieces: event forwarding to the hub and the hub's roles",
        permissionModel: "SERVICE_MANAGED",
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        callAs,
        capabilities: ["CAPABILITY_NAMED_IAM"],
        managedExecution: { active: true },
        templateBody: this.memberTemplateBody,
        tags: args.tags,
      },
      // A template change is an update of the StackSet, which rolls it out to every instance.
      parent,
    );
    for (const memberRegion of memberRegions) {
      new aws.cloudformation.StackSetInstance(
        `${name}-members-${memberRegion}`,
        {
          stackSetName: stackSet.name,
          callAs,
          stackSetInstanceRegion: memberRegion,
          deploymentTargets: {
            organizationalUnitIds: args.memberTargets,
            ...(excludedAccounts.length > 0
              ? { accountFilterType: "DIFFERENCE", accounts: excludedAccounts }
              : {}),
          },
          operationPreferences: {
            maxConcurrentPercentage: 25,
            failureTolerancePercentage: 10,
            regionConcurrencyType: "PARALLEL",
          },
        },
        parent,
      );
    }

    this.memberBusArn = memberBusArn;
    this.memberBusName = memberBus.name;
    this.deliveryBusName = pulumi.output(deliveryBusName);
    this.stackSetName = stackSet.name;
    this.registerOutputs({
      memberBusArn: this.memberBusArn,
      memberBusName: this.memberBusName,
      deliveryBusName: this.deliveryBusName,
      stackSetName: this.stackSetName,
      memberTemplateBody: this.memberTemplateBody,
    });
  }
}

/**
 * us-east-1's member bus → a bus of the hub's region: one rule, with a role that may put on that
 * bus only. Returns the regional bus's name.
 */
function relayToHubRegion(
  name: string,
  input: {
    readonly memberBus: aws.cloudwatch.EventBus;
    readonly region: string;
    readonly account: pulumi.Output<string>;
    readonly lambda: boolean;
    readonly tags?: OrganizationHubArgs["tags"];
  },
  inHubRegion: pulumi.CustomResourceOptions,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  const relayBus = new aws.cloudwatch.EventBus(
    `${name}-relayed-events`,
    { description: "opsguard: member events relayed from us-east-1", tags: input.tags },
    { parent },
  );
  const role = new aws.iam.Role(
    `${name}-relay-role`,
    {
      assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": input.account } },
          },
        ],
      }),
      tags: input.tags,
    },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-relay-policy`,
    {
      role: role.id,
      policy: policyDocument([
        {
          Sid: "RelayToHubRegion",
          Effect: "Allow",
          Action: ["events:PutEvents"],
          Resource: relayBus.arn,
        },
      ]),
    },
    { parent },
  );
  const rule = new aws.cloudwatch.EventRule(
    `${name}-relay`,
    {
      description: `Member accounts' events, relayed to ${input.region} where the hub's functions run`,
      eventBusName: input.memberBus.name,
      eventPattern: JSON.stringify({
        source: input.lambda ? ["aws.iam", "aws.lambda"] : ["aws.iam"],
        "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
      }),
      tags: input.tags,
    },
    inHubRegion,
  );
  new aws.cloudwatch.EventTarget(
    `${name}-relay-target`,
    {
      rule: rule.name,
      eventBusName: input.memberBus.name,
      arn: relayBus.arn,
      roleArn: role.arn,
    },
    inHubRegion,
  );
  return relayBus.name;
}
