import { z } from "zod";
import { severitySchema } from "../violation";

const routeSchema = z.strictObject({
  channel: z
    .string()
    .regex(/^[#@]?[\w.-]+$/, "must be a channel name such as #alerts")
    .optional(),
  mentions: z.array(z.string().min(1)).optional(),
  mute: z.boolean().optional(),
});

export const notificationConfigSchema = z.strictObject({
  version: z.literal(1),
  default: routeSchema.default({}),
  severity: z.partialRecord(severitySchema, routeSchema).default({}),
  rules: z.array(routeSchema.extend({ ruleId: z.string().min(1) })).default([]),
});
export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
