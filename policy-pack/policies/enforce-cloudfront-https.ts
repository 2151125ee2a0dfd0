import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/** Viewer security policies whose floor is TLS 1.2 (`TLSv1.2_2018`, `TLSv1.2_2021`, …, `TLSv1.3_2025`). */
const TLS12_VIEWER_POLICY = /^TLSv1\.[23]_\d{4}$/;
const OUTDATED_ORIGIN_PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1.1"];

interface Behavior {
  pathPattern?: unknown;
  viewerProtocolPolicy?: unknown;
}

interface Origin {
  originId?: unknown;
  customOriginConfig?: { originProtocolPolicy?: unknown; originSslProtocols?: unknown };
}

/**
 * Risk: a cache behavior with `viewerProtocolPolicy` `allow-all` serves viewers over plain HTTP;
 * a viewer certificate whose security policy allows TLS 1.0/1.1 (always the case with the default
 * `*.cloudfront.net` certificate) accepts outdated TLS; a custom origin reached over HTTP, or
 * with SSLv3/TLS 1.0/1.1, exposes the traffic between CloudFront and the origin.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export const enforceCloudfrontHttps = resourcePolicy({
  name: "enforce-cloudfront-https",
  description:
    "CloudFront distributions serve viewers over HTTPS only, with TLS 1.2 or later, and reach custom origins over TLS 1.2.",
  remediationSteps:
    'Set viewerProtocolPolicy to "redirect-to-https" or "https-only" on every cache behavior; use an ACM certificate with sslSupportMethod "sni-only" and minimumProtocolVersion "TLSv1.2_2021"; set originProtocolPolicy "https-only" and originSslProtocols ["TLSv1.2"] on custom origins.',
  url: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {
    compliancePolicies: [
      "aws-cloudfront-distribution-disallow-unencrypted-traffic",
      "aws-cloudfront-distribution-secure-tls-configured",
      "aws-cloudfront-distribution-origin-secure-tls-enabled",
      "aws-cloudfront-distribution-origin-secure-tls-configured",
    ],
    cdkNag: ["AwsSolutions-CFR4", "AwsSolutions-CFR5"],
  },
  types: ["aws:cloudfront/distribution:Distribution"],
  check: ({ props, report, unknown }) => {
    const behaviors: [string, unknown][] = [["defaultCacheBehavior", props.defaultCacheBehavior]];
    if (isUnknown(props.orderedCacheBehaviors)) unknown("orderedCacheBehaviors");
    else {
      ((props.orderedCacheBehaviors as unknown[] | undefined) ?? []).forEach((behavior, index) =>
        behaviors.push([`orderedCacheBehaviors[${index}]`, behavior]),
      );
    }
    for (const [where, behavior] of behaviors) {
      const policy = (behavior as Behavior | undefined)?.viewerProtocolPolicy;
      if (isUnknown(policy)) unknown(`${where}.viewerProtocolPolicy`);
      else if (policy === "allow-all") {
        report(`${where}.viewerProtocolPolicy is "allow-all": viewers can use plain HTTP`);
      }
    }
    const certificate = props.viewerCertificate as Record<string, unknown> | undefined;
    if (isUnknown(certificate)) unknown("viewerCertificate");
    else if (certificate?.cloudfrontDefaultCertificate === true) {
      report(
        "viewerCertificate uses the default CloudFront certificate, whose security policy accepts TLS 1.0",
      );
    } else if (isUnknown(certificate?.minimumProtocolVersion)) {
      unknown("viewerCertificate.minimumProtocolVersion");
    } else if (!TLS12_VIEWER_POLICY.test(String(certificate?.minimumProtocolVersion ?? "TLSv1"))) {
      report(
        `viewerCertificate.minimumProtocolVersion is "${String(certificate?.minimumProtocolVersion ?? "TLSv1")}", which accepts TLS before 1.2`,
      );
    }
    if (isUnknown(props.origins)) return unknown("origins");
    ((props.origins as Origin[] | undefined) ?? []).forEach((origin, index) => {
      const config = origin.customOriginConfig;
      if (!config) return;
      const where = `origins[${index}] ("${String(origin.originId)}")`;
      if (isUnknown(config.originProtocolPolicy)) unknown(`${where}.originProtocolPolicy`);
      else if (config.originProtocolPolicy === "http-only") {
        report(`${where}: originProtocolPolicy is "http-only"`);
      }
      if (isUnknown(config.originSslProtocols)) unknown(`${where}.originSslProtocols`);
      else {
        const outdated = ((config.originSslProtocols as unknown[] | undefined) ?? []).filter((p) =>
          OUTDATED_ORIGIN_PROTOCOLS.includes(String(p)),
        );
        if (outdated.length > 0) {
          report(`${where}: originSslProtocols allows ${outdated.join(", ")}`);
        }
      }
    });
  },
});
