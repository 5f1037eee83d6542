-- Validation: data-quality constraints that failed in the last 7 days, newest first.
SELECT evaluated_at, job, table_name, check_level, constraint_name, metric_value, message
FROM ops.dq_results
WHERE status = 'Failure'
  AND evaluated_at >= date_add('day', -7, current_timestamp)
ORDER BY evaluated_at DESC
