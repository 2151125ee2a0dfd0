import type { S3Client } from "@aws-sdk/client-s3";
import { classifyPrefix } from "./layout";
import { compareKeys, listFolderPages } from "./listing";

/** The source's folders as the `cloudtrail` layout reads them. */
export interface DiscoveredFolders {
  /** `…/<region>/` folders, read by day. */
  readonly dayTrees: string[];
  /** Folders outside the layout, scanned in full. */
  readonly fullScans: string[];
  /** Folders on the way to the day trees that hold objects of their own. */
  readonly looseObjectFolders: string[];
}

/**
 * Walks the folders under `root` with delimiter listings (one call per folder on the way, not per
 * object) down to the `…/<region>/` folders of CloudTrail's layout; a folder that leaves the layout
 * is kept as a whole, to be scanned in full.
 */
export async function discoverFolders(
  s3: S3Client,
  bucket: string,
  root: string,
  pageSize: number,
): Promise<DiscoveredFolders> {
  const found: DiscoveredFolders = { dayTrees: [], fullScans: [], looseObjectFolders: [] };
  if (classifyPrefix(root, root) === "day-tree") return { ...found, dayTrees: [root] };
  const queue = [root];
  while (queue.length > 0) {
    const folder = queue.shift()!;
    let hasObjects = false;
    for await (const page of listFolderPages(s3, bucket, folder, undefined, pageSize, "/")) {
      if (page.objects.length > 0) hasObjects = true;
      for (const subfolder of page.folders) {
        const kind = classifyPrefix(subfolder, root);
        if (kind === "day-tree") found.dayTrees.push(subfolder);
        else if (kind === "descend") queue.push(subfolder);
        else found.fullScans.push(subfolder);
      }
    }
    if (hasObjects) found.looseObjectFolders.push(folder);
  }
  // In S3's key order, so that the saved state does not depend on the walk.
  return {
    dayTrees: found.dayTrees.sort(compareKeys),
    fullScans: found.fullScans.sort(compareKeys),
    looseObjectFolders: found.looseObjectFolders.sort(compareKeys),
  };
}
