import { z } from "zod";
import { CONFIG_BUCKET_KEYS } from "../policy-monitor";
import { severitySchema } from "../violation";
import { parseConfigFile } from "./config-file";

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
  /**
   * Routes by rule, over the severity's route. An entry applies when its `ruleId` glob (`*` is a
   * wildcard) matches any rule of the violation, which may hold several; the first such entry in
   * file order wins, whichever of the violation's rules it matched.
   */
  rules: z.array(routeSchema.extend({ ruleId: z.string().min(1) })).default([]),
});
export type NotificationConfig = z.infer<typeof notificationConfigSchema>;

/** Parses notification-config.yaml; a bad file fails with `<fileName>: <path> <problem>`. */
export function parseNotificationConfigFile(
  text: string,
  fileName: string = CONFIG_BUCKET_KEYS.notificationConfig,
): NotificationConfig {
  return parseConfigFile(text, fileName, notificationConfigSchema);
}
