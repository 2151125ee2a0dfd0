import type * as pulumi from "@pulumi/pulumi";

/** What every part of the responders shares: where they run, their tags, and their parent. */
export interface ResponderContext {
  readonly account: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  readonly opts: pulumi.CustomResourceOptions;
}
