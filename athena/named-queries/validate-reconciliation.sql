-- Validation: runs of the last 7 days whose counts did not reconcile
-- (bronze rows = silver rows + rejected + duplicates removed). Expect no rows.
SELECT run_id, job, source, bronze_rows, silver_rows, rejected_rows, duplicates_removed, recorded_at
FROM ops.reconciliation
WHERE NOT balanced
  AND recorded_at >= date_add('day', -7, current_timestamp)
ORDER BY recorded_at DESC
