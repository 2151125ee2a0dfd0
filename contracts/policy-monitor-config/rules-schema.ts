import { z } from "zod";
import { remediationActionSchema, severitySchema } from "../violation";
import { ACCESS_LEVELS } from "../../policy-pack/lib/iam/catalogue/access-levels";

/** `*`, or `service:Action` where both parts may hold the wildcards `*` and `?`. */
const ACTION_PATTERN = /^(\*|[a-z0-9*?-]+:[A-Za-z0-9*?]+)$/;

const actionPatterns = z
  .array(
    z.string().regex(ACTION_PATTERN, {
      message: "must be an IAM action pattern such as iam:PassRole, iam:Put* or *",
    }),
  )
  .min(1);

/** Which of a statement's effective actions a rule is about; every given key must hold. */
const actionFilterSchema = z
  .strictObject({
    /** The statement grants at least one action matching one of these patterns. */
    anyOf: actionPatterns.optional(),
    /** The statement grants at least one action of one of these access levels. */
    accessLevels: z.array(z.enum(ACCESS_LEVELS)).min(1).optional(),
    /** The statement grants every action of the catalogue (`*`, or the same by NotAction). */
    everyAction: z.literal(true).optional(),
    /** The statement grants every action of at least one service (`s3:*` or the same). */
    everyActionOfAService: z.literal(true).optional(),
    /** Leaves out the actions matching these patterns, after the other keys have chosen. */
    except: actionPatterns.optional(),
  })
  .refine((filter) => Object.keys(filter).some((key) => key !== "except"), {
    message: "must name at least one of anyOf, accessLevels, everyAction, everyActionOfAService",
  });

/**
 * `broad`: Resource `*`, a whole resource type (`role/*`) or NotResource. `self`: the resources
 * cover the document's own managed policy or the principal it is embedded in or attached to.
 */
export const RESOURCE_SCOPES = ["any", "broad", "self"] as const;
export type ResourceScope = (typeof RESOURCE_SCOPES)[number];

/**
 * Trust policies. `wildcard`: Principal `*`, `AWS: *` or NotPrincipal. `anyAccount`: an ARN
 * whose account is a wildcard. `accountRoot`: a whole account (`arn:aws:iam::<account>:root` or
 * the bare account id). `otherAccount`: an AWS principal of an account other than the
 * document's own (never holds when the account is not known).
 */
export const PRINCIPAL_SCOPES = [
  "any",
  "wildcard",
  "anyAccount",
  "accountRoot",
  "otherAccount",
] as const;
export type PrincipalScope = (typeof PRINCIPAL_SCOPES)[number];

/** Filters on one Allow statement; every given key must hold. */
const statementFilterSchema = z.strictObject({
  /** The statement uses NotAction. */
  notAction: z.literal(true).optional(),
  /** The statement uses NotResource. */
  notResource: z.literal(true).optional(),
  /**
   * One of RESOURCE_SCOPES, or a list of them of which any one is enough; read as a list.
   * Defaults to `any`.
   */
  resources: z
    .preprocess(
      (value) => (typeof value === "string" ? [value] : value),
      z.array(z.enum(RESOURCE_SCOPES)).min(1),
    )
    .optional(),
  /** `absent`: only statements without a Condition match. Defaults to `any`. */
  conditions: z.enum(["any", "absent"]).optional(),
  /** Only statements whose Condition names none of these keys (case-insensitive) match. */
  withoutConditionKeys: z
    .array(z.string().regex(/^[A-Za-z0-9-]+:[A-Za-z0-9_\-/]+$/, "must be a condition key"))
    .min(1)
    .optional(),
  /** One of PRINCIPAL_SCOPES. Defaults to `any`. */
  principal: z.enum(PRINCIPAL_SCOPES).optional(),
  actions: actionFilterSchema.optional(),
});

const matchSchema = z
  .strictObject({
    /** Which documents the rule judges: permission policies or role trust policies. Defaults to `identity`. */
    document: z.enum(["identity", "trust"]).optional(),
    statement: statementFilterSchema.optional(),
    /**
     * A combination: every group must be granted by some statement of the same document that passes
     * `statement`. Each group is a list of patterns, any one of which is enough.
     */
    allOf: z.array(actionPatterns).min(2).optional(),
  })
  .refine(
    (match) =>
      match.allOf !== undefined ||
      (match.statement !== undefined && Object.keys(match.statement).length > 0),
    { message: "must have a statement filter or allOf" },
  );

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
    message: "must be lower-case letters, digits and dashes",
  }),
  title: z.string().min(1),
  description: z.string().min(1),
  severity: severitySchema,
  match: matchSchema,
  suggestedAction: remediationActionSchema.optional(),
});
export type Rule = z.infer<typeof ruleSchema>;
export type RuleMatch = z.infer<typeof matchSchema>;
export type StatementFilter = z.infer<typeof statementFilterSchema>;
export type ActionFilter = z.infer<typeof actionFilterSchema>;

export const rulesFileSchema = z
  .strictObject({
    version: z.literal(1),
    rules: z.array(ruleSchema).min(1),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        context.addIssue({
          code: "custom",
          path: ["rules", index, "id"],
          message: `"${rule.id}" is used by an earlier rule`,
        });
      }
      seen.add(rule.id);
    });
  });
export type RulesFile = z.infer<typeof rulesFileSchema>;
