-- Sample data: 4 queues and 12,000 tickets with text keys (TCK-000001 ...). Tickets up to 9,000
-- were opened before priority_label existed (NULL). Every update fires the tickets' triggers:
-- updated_at is set, a row is added to ticket_audit and the ticket's queue's updated_at is bumped.
INSERT INTO public.ticket_queues (id, name, updated_at)
SELECT q, (ARRAY['hardware', 'accounts', 'billing', 'network'])[q], timestamptz '2024-03-01'
FROM generate_series(1, 4) AS q;
INSERT INTO public.tickets (id, subject, priority, priority_label, assignee, queue_id, updated_at)
SELECT 'TCK-' || lpad(i::text, 6, '0'), 'Ticket ' || i || ': ' || (ARRAY['printer', 'log-in', 'invoice', 'VPN'])[1 + i % 4],
       p, CASE WHEN i > 9000 THEN (ARRAY['urgent', 'high', 'normal', 'low'])[p] END,
       CASE WHEN i % 4 = 0 THEN NULL ELSE 'agent' || (i % 12) END, 1 + i % 4,
       timestamptz '2024-03-01' + i * interval '13 minutes'
FROM generate_series(1, 12000) AS i,
     LATERAL (SELECT 1 + (i * 7) % 4 AS p) AS x;
ANALYZE public.ticket_queues;
ANALYZE public.tickets;
