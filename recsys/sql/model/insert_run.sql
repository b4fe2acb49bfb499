-- One row per build: what it was, on which data, how it went (the summary is the
-- `soundcheck metrics --json` object).
INSERT INTO runs VALUES (
    $run_id, $created, $task, $grain, $protocol, $data_version, $config,
    $split, $timings, $summary, $skipped, $model_path
);
