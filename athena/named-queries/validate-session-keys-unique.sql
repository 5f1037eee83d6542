-- Validation: gold.user_session_analysis must hold one row per (session_id, user_id). Expect no rows.
SELECT session_id, user_id, count(*) AS copies
FROM gold.user_session_analysis
GROUP BY session_id, user_id
HAVING count(*) > 1
