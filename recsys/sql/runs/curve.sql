-- Training curve (NDCG per boosting round) of one run.
SELECT iteration, split, ndcg FROM training_curve WHERE run_id = $run ORDER BY split, iteration
