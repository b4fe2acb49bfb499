-- Each feature's strongest interaction partner in a run's sample.
SELECT feature, partner, strength FROM explain_interactions WHERE run_id = $run ORDER BY feature
