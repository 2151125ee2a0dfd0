import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// Starts the CrossGuard gRPC server: only the Pulumi CLI should load this file.
new PolicyPack("opsguard", { policies });
