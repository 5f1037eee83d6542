-- Sample: sessions, conversion and revenue per device over the last 30 days (gold.user_session_analysis).
SELECT device_type,
       count(*) AS sessions,
       avg(session_duration_seconds) AS avg_duration_seconds,
       count(transaction_id) AS converted_sessions,
       sum(transaction_amount) AS revenue
FROM gold.user_session_analysis
WHERE session_date >= date_add('day', -30, current_date)
GROUP BY device_type
ORDER BY sessions DESC
