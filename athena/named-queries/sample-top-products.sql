-- Sample: today's top 10 products by revenue and by quantity (gold.top_products).
SELECT ranking, rank, product_id, product_name, total_revenue, quantity_sold
FROM gold.top_products
ORDER BY ranking, rank
