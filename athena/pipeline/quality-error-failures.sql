SELECT count(*) AS failures FROM ops.dq_results WHERE check_level = 'error' AND status = 'Failure' AND run_id = ?
