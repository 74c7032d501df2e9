-- name: CountByStatus :many
SELECT status, count(*) FROM orders GROUP BY status;

-- name: RefundsByStatus :many
SELECT id FROM refunds WHERE status = $1;
