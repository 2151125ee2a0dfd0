-- Athena queries over the IAM policy monitor's audit log. The Glue database and the `audit_log`
-- table come with the PolicyResponders component (partition projection: no crawler, no MSCK).
-- The database is `opsguard_policy_monitor_<stack>` unless `glueDatabaseName` says otherwise.

-- Most common violations by rule this month
SELECT rule_id,
       severity,
       COUNT(*) AS violations
FROM opsguard_policy_monitor_dev.audit_log
WHERE record_type = 'violation'
  AND year = date_format(current_date, '%Y')
  AND month = date_format(current_date, '%m')
GROUP BY rule_id, severity
ORDER BY violations DESC;

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
