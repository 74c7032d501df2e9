# Raw SQL for the finance report; orders.status is the order's state.
PENDING_TOTAL = """
    SELECT sum(total)
      FROM orders
     WHERE status = 'pending'
"""

REFUNDS = "SELECT id, status FROM refunds WHERE created_at > %s"
