// A one-component program for the CodeWatcher tests: the component from `opsguard:codeWatcher`.
import * as pulumi from "@pulumi/pulumi";
import { CodeWatcher } from "../../../components/code-watcher/index";
import { codeWatcherArgsFromConfig, codeWatcherConfigSchema } from "../../../config/code-watcher";

const config = codeWatcherConfigSchema.parse(
  new pulumi.Config("opsguard").requireObject("codeWatcher"),
);
const watcher = new CodeWatcher(
  "code-watcher",
  codeWatcherArgsFromConfig(config, { team: "platform" }),
);

export const bucketName = watcher.bucketName;
export const ruleArn = watcher.ruleArn;
