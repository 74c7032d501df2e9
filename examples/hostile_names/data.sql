-- Rows for the end-to-end test; the sentinel must survive every script of the bundle.
INSERT INTO public.sentinel VALUES (1, 'must survive');
INSERT INTO "Ünïcode ""Schema""; --"."Order$$Lines; DROP TABLE public.sentinel; --"
    ("Key; --""id""", "select", "St'atus ""Co--de""$$", "ccccccccccccccccccccccccccccccccccccccccccccccccccccccc_63bytes")
SELECT g,
       CASE WHEN g % 10 = 0 THEN NULL ELSE 'row ' || g || ' $$ ; -- '' "' END,
       CASE WHEN g % 4 = 0 THEN 'kept ' || g END,
       g % 7
FROM generate_series(1, 5000) AS g;
