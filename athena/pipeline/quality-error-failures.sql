SELECT count(*) AS failures FROM ops.dq_results WHERE check_level = 'error' AND status = 'Failure' AND evaluated_at >= current_timestamp - INTERVAL '1' DAY
