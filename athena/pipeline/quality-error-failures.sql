SELECT count(*) AS failures FROM ops.dq_results WHERE check_level = 'error' AND status = 'Failure' AND evaluated_at >= date_add('hour', -24, current_timestamp)
