import { z } from "zod";

const patterns = z.array(z.string().min(1)).min(1);

/** A date (`2026-03-31`, the whole day included) or an ISO timestamp. */
const expiry = z.union([z.string(), z.date()]).transform((value, context) => {
  const text = value instanceof Date ? value.toISOString() : value;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const instant = new Date(dateOnly ? `${text}T23:59:59.999Z` : text);
  if (Number.isNaN(instant.getTime())) {
    context.addIssue({ code: "custom", message: "must be a date such as 2026-03-31" });
    return z.NEVER;
  }
  return instant;
});

export const suppressionSchema = z
  .strictObject({
    /** Rule ids (wildcards `*`, `?`). Defaults to every rule. */
    rules: patterns.optional(),
    /** ARN patterns of the policy or principal the violation is about. Defaults to any. */
    targets: patterns.optional(),
    /** ARN patterns of the caller (`userIdentity.arn`). Defaults to any. */
    actors: patterns.optional(),
    /** Account ids. Defaults to any. */
    accounts: z
      .array(z.string().regex(/^\d{12}$/, { message: "must be a 12-digit account id" }))
      .min(1)
      .optional(),
    /** Why this is accepted: mandatory. */
    reason: z.string().trim().min(1),
    /** After this the suppression no longer applies. Defaults to never. */
    expires: expiry.optional(),
  })
  .refine((entry) => entry.rules || entry.targets || entry.actors || entry.accounts, {
    message: "must narrow by at least one of rules, targets, actors, accounts",
  });
export type Suppression = z.infer<typeof suppressionSchema>;

export const suppressFileSchema = z.strictObject({
  version: z.literal(1),
  suppressions: z.array(suppressionSchema).default([]),
});
export type SuppressFile = z.infer<typeof suppressFileSchema>;
