import type { ActionSet } from "../../../../policy-pack/lib/iam/catalogue/action-set";
import type { ActionCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";

/** A finding lists at most this many actions, so that a violation stays far below EventBridge's 256 KB. */
export const MAX_FINDING_ACTIONS = 100;

/**
 * `[first, end)` indexes of the services whose actions may be in the set, judged from its stored
 * window: a set of a few services is summarised without visiting the others.
 */
export function servicesInWindow(
  actions: ActionSet,
  catalogue: ActionCatalogue,
): readonly [number, number] {
  const { windowStart, windowEnd } = actions;
  const last = Math.min(windowEnd, catalogue.actionCount) - 1;
  if (windowStart > last) return [0, 0];
  return [catalogue.serviceOf(windowStart), catalogue.serviceOf(last) + 1];
}

/** Writes whole services as `service:*` (everything as `*`), sorted, at most MAX_FINDING_ACTIONS. */
export function summarizeActions(actions: ActionSet, catalogue: ActionCatalogue): string[] {
  if (actions.unknown.size > 0) return summarizeWithUnknownActions(actions, catalogue);
  if (actions.containsKnown(catalogue.everyActionSet())) return ["*"];
  const { services, serviceStarts } = catalogue;
  const summary: string[] = [];
  const [firstService, endService] = servicesInWindow(actions, catalogue);
  for (let service = firstService; service < endService; service++) {
    const start = serviceStarts[service];
    const end = serviceStarts[service + 1];
    const count = actions.countRange(start, end);
    if (count === 0) continue;
    if (count === end - start) summary.push(`${services[service]}:*`);
    else for (const id of actions.idsInRange(start, end)) summary.push(catalogue.actionName(id));
  }
  return summary.sort().slice(0, MAX_FINDING_ACTIONS);
}

/**
 * `summarizeActions` for a set that holds actions the catalogue does not know: such an action
 * counts towards the service its name starts with, as the catalogue's own actions do.
 */
function summarizeWithUnknownActions(actions: ActionSet, catalogue: ActionCatalogue): string[] {
  const { services, serviceStarts } = catalogue;
  const unknownByService = new Map<string, string[]>();
  for (const action of actions.unknown) {
    const service = action.split(":")[0];
    const names = unknownByService.get(service);
    if (names) names.push(action);
    else unknownByService.set(service, [action]);
  }
  const summary: string[] = [];
  let wholeServices = 0;
  for (let service = 0; service < services.length; service++) {
    const start = serviceStarts[service];
    const end = serviceStarts[service + 1];
    const unknown = unknownByService.get(services[service]) ?? [];
    unknownByService.delete(services[service]);
    const count = actions.countRange(start, end) + unknown.length;
    if (count === end - start) {
      wholeServices++;
      if (count > 0) summary.push(`${services[service]}:*`);
    } else if (count > 0) {
      for (const id of actions.idsInRange(start, end)) summary.push(catalogue.actionName(id));
      summary.push(...unknown);
    }
  }
  if (wholeServices === services.length) return ["*"];
  for (const names of unknownByService.values()) summary.push(...names);
  return summary.sort().slice(0, MAX_FINDING_ACTIONS);
}
