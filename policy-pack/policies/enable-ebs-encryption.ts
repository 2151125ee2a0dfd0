import { resourcePolicy } from "../lib/define";
import { flagValue } from "../lib/flag";
import { isUnknown } from "../lib/unknown";

const VOLUME = "aws:ebs/volume:Volume";
const INSTANCE = "aws:ec2/instance:Instance";
const SPOT_INSTANCE = "aws:ec2/spotInstanceRequest:SpotInstanceRequest";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";

type Device = Record<string, unknown>;

/**
 * Risk: volume data, and every snapshot taken of it, unencrypted at rest. A volume without
 * `encrypted` is encrypted only if the account has EBS encryption by default on in that region (or
 * it is made from an encrypted snapshot), which the program does not show; an instance's root
 * volume without `rootBlockDevice.encrypted` is encrypted only if its AMI's snapshot is. With the
 * `encryptionByDefault` config set, unset values pass and only an explicit `false` fails. Checked on
 * `aws.ebs.Volume`, the root and EBS block devices of instances, spot instance requests and launch
 * configurations, and the EBS block device mappings of launch templates (a launch template's root
 * volume comes from its AMI unless a mapping names the root device; an instance launched from a
 * template without its own `rootBlockDevice` takes the template's).
 * https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
 */
export const enableEbsEncryption = resourcePolicy({
  name: "enable-ebs-encryption",
  description: "EBS volumes and the block devices of instances and launch templates are encrypted.",
  remediationSteps:
    'Set encrypted: true on the volume, on rootBlockDevice and on each ebsBlockDevices entry (ebs.encrypted: "true" in launch template blockDeviceMappings), optionally with kmsKeyId. If EBS encryption by default is on in every account and region the program deploys to, set this policy\'s encryptionByDefault config to true.',
  url: "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {
    awsguard: ["encrypted-volumes"],
    compliancePolicies: [
      "aws-ebs-volume-disallow-unencrypted-volume",
      "aws-ec2-instance-disallow-unencrypted-block-device",
      "aws-ec2-instance-disallow-unencrypted-root-block-device",
      "aws-ec2-launchtemplate-disallow-unencrypted-block-device",
      "aws-ec2-launchconfiguration-disallow-unencrypted-block-device",
      "aws-ec2-launchconfiguration-disallow-unencrypted-root-block-device",
    ],
    cdkNag: ["AwsSolutions-EC26"],
  },
  config: {
    encryptionByDefault: {
      type: "boolean",
      description:
        "EBS encryption by default is on where the program deploys: an unset `encrypted` passes.",
      default: false,
    },
  },
  types: [VOLUME, INSTANCE, SPOT_INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
  check: ({ type, props, config, report, unknown }) => {
    const byDefault = config.encryptionByDefault === true;
    const judge = (where: string, value: unknown, unset: string) => {
      if (isUnknown(value)) return unknown(where);
      const flag = flagValue(value);
      if (flag === false) report(`${where} is false: the volume is not encrypted`);
      else if (flag === undefined && !byDefault) report(`${where} is not set: ${unset}`);
    };
    const notSet =
      "the volume is encrypted only if EBS encryption by default is on in the account and region";
    if (type === VOLUME) return judge("encrypted", props.encrypted, notSet);
    if (type === LAUNCH_TEMPLATE) {
      if (isUnknown(props.blockDeviceMappings)) return unknown("blockDeviceMappings");
      ((props.blockDeviceMappings ?? []) as Device[]).forEach((mapping, index) => {
        const where = `blockDeviceMappings[${index}]`;
        if (isUnknown(mapping.ebs)) return unknown(`${where}.ebs`);
        if (!mapping.ebs) return;
        judge(`${where}.ebs.encrypted`, (mapping.ebs as Device).encrypted, notSet);
      });
      return;
    }
    const root = props.rootBlockDevice as Device | undefined;
    if (isUnknown(root)) unknown("rootBlockDevice");
    else if (root) judge("rootBlockDevice.encrypted", root.encrypted, notSet);
    else if (!byDefault && !props.launchTemplate) {
      report(
        "rootBlockDevice is not set: the root volume is encrypted only if the AMI's snapshot is or EBS encryption by default is on",
      );
    }
    if (isUnknown(props.ebsBlockDevices)) return unknown("ebsBlockDevices");
    ((props.ebsBlockDevices ?? []) as Device[]).forEach((device, index) => {
      if (device.noDevice === true) return;
      judge(`ebsBlockDevices[${index}].encrypted`, device.encrypted, notSet);
    });
  },
});
