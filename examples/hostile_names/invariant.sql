SELECT count(*) = 1 FROM public.sentinel WHERE id = 1 AND note = 'must survive'
