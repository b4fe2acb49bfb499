-- One run's explanation summary.
INSERT INTO explain_runs
VALUES ($run_id, $cutoff, $grain, $task, $base_value, $features, $candidate_rows,
        $sample_users, $sample_rows, $config)
