import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/** Engines that support IAM database authentication (MySQL, MariaDB, PostgreSQL and Aurora). */
const IAM_AUTH_ENGINES = /^(mysql|mariadb|postgres|aurora|aurora-mysql|aurora-postgresql)$/;

/**
 * Risk: only long-lived database passwords, which leak and are rarely rotated, instead of
 * short-lived tokens granted by IAM. Not applicable to engines without IAM authentication
 * (Oracle, SQL Server, Db2) nor to Aurora Serverless v1. Advisory: the application must be
 * changed to request tokens.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html
 */
export const enableRdsIamAuthentication = resourcePolicy({
  name: "enable-rds-iam-authentication",
  description:
    "RDS MySQL, MariaDB and PostgreSQL instances and Aurora clusters accept IAM authentication.",
  remediationSteps:
    "Set iamDatabaseAuthenticationEnabled: true and grant rds-db:connect to the roles that connect.",
  url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html",
  enforcementLevel: "advisory",
  severity: "medium",
  matches: { cdkNag: ["AwsSolutions-RDS6"] },
  types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.engine)) return unknown("engine");
    if (props.engine !== undefined && !IAM_AUTH_ENGINES.test(String(props.engine))) return;
    if (props.engineMode === "serverless") return;
    const enabled = props.iamDatabaseAuthenticationEnabled;
    if (isUnknown(enabled)) unknown("iamDatabaseAuthenticationEnabled");
    else if (enabled !== true) {
      report(
        `iamDatabaseAuthenticationEnabled is ${enabled === false ? "false" : "not set"}: only passwords authenticate`,
      );
    }
  },
});
