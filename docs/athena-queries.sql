-- Athena queries over the IAM policy monitor's audit log. The Glue database and the `audit_log`
-- table come with the PolicyResponders component (partition projection: no crawler, no MSCK).
-- The database is `opsguard_policy_monitor_<stack>` unless `glueDatabaseName` says otherwise.

-- One violation record holds every rule that matched the change: `rule_ids`, highest severity
-- first; `rule_id` is the first of them, and `severity` and `title` are the violation's (its
-- highest rule's). A record without `rule_ids` (a schema v1 violation, one per rule) counts by
-- its `rule_id`.

-- Most common rules this month: each violation counts once for every rule it matched
SELECT rule,
       COUNT(*) AS violations
FROM opsguard_policy_monitor_dev.audit_log
CROSS JOIN UNNEST(COALESCE(rule_ids, ARRAY[rule_id])) AS matched(rule)
WHERE record_type = 'violation'
  AND year = date_format(current_date, '%Y')
  AND month = date_format(current_date, '%m')
GROUP BY rule
ORDER BY violations DESC;

-- Violations this month by their highest severity, and how many rules they matched
SELECT severity,
       COUNT(*) AS violations,
       round(avg(cardinality(COALESCE(rule_ids, ARRAY[rule_id]))), 1) AS rules_per_violation
FROM opsguard_policy_monitor_dev.audit_log
WHERE record_type = 'violation'
  AND year = date_format(current_date, '%Y')
  AND month = date_format(current_date, '%m')
GROUP BY severity
ORDER BY violations DESC;

-- This month's violations that matched a given rule, with the others they matched
SELECT recorded_at,
       severity,
       title,
       rule_ids,
       policy_arn,
       principal_name,
       suggested_action,
       suggestion_reason
FROM opsguard_policy_monitor_dev.audit_log
WHERE record_type = 'violation'
  AND contains(COALESCE(rule_ids, ARRAY[rule_id]), 'passrole-wildcard')
  AND year = date_format(current_date, '%Y')
  AND month = date_format(current_date, '%m')
ORDER BY recorded_at DESC;

-- Remediation success rate this year, by action. Live outcomes only: dry runs (DRY_RUN) and
-- refusals (SKIPPED) are not attempts. A violation that failed and then succeeded on a retry
-- counts one failure and one success (one object per violation and status).
SELECT action,
       COUNT(*) AS attempts,
       count_if(status = 'SUCCESS') AS succeeded,
       count_if(status = 'FAILURE') AS failed,
       round(100.0 * count_if(status = 'SUCCESS') / COUNT(*), 1) AS success_rate_pct
FROM opsguard_policy_monitor_dev.audit_log
WHERE record_type = 'remediation'
  AND status IN ('SUCCESS', 'FAILURE')
  AND year = date_format(current_date, '%Y')
GROUP BY action
ORDER BY attempts DESC;
