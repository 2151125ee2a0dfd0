import { defaultCatalogue, type ActionCatalogue } from "./iam/catalogue/catalogue";

export interface CatalogueAction {
  /** `service:Action` as the catalogue spells it, e.g. `s3:PutObject`. */
  readonly action: string;
  /** As in the Service Authorization Reference, e.g. `Write` or `Permissions management, Write`. */
  readonly accessLevel: string;
  /** True when the action supports no resource type, so `"Resource": "*"` is the only choice. */
  readonly wildcardOnly: boolean;
}

/**
 * The catalogue actions an IAM action pattern (`s3:GetObject`, `s3:Put*`, `s3:*`) grants, in the
 * Service Authorization Reference's order, or undefined when its service or action is not in the
 * catalogue. IAM matches actions case-insensitively, and so does this. A pattern must name one
 * service: `*` and a wildcard in the service part are not expanded here.
 */
export function expandAction(
  pattern: string,
  catalogue: ActionCatalogue = defaultCatalogue(),
): CatalogueAction[] | undefined {
  const separator = pattern.indexOf(":");
  if (separator < 0) return undefined;
  if (catalogue.actionsOfService(pattern.slice(0, separator)).length === 0) return undefined;
  // The catalogue expands an action it does not know to itself; here that means "not found".
  const matched = [...catalogue.expand(pattern)]
    .filter((action) => catalogue.canonicalName(action) !== undefined)
    .map((action) => ({
      action,
      accessLevel: catalogue.accessLevels(action).join(", "),
      wildcardOnly: catalogue.isWildcardOnly(action),
    }));
  return matched.length > 0 ? matched : undefined;
}

/** True for access levels that change state or permissions (`Write`, `Permissions management`). */
export function isWriteOrPermissions(accessLevel: string): boolean {
  return /\b(Write|Permissions management)\b/.test(accessLevel);
}
