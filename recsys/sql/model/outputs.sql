-- Tables a model build writes; every row carries the run it came from.
CREATE TABLE IF NOT EXISTS runs (
    run_id       VARCHAR PRIMARY KEY,
    created_at   TIMESTAMP NOT NULL,
    task         VARCHAR NOT NULL,
    grain        VARCHAR NOT NULL,
    protocol     VARCHAR NOT NULL,   -- 'temporal' or 'holdout'
    data_version VARCHAR NOT NULL,
    config       JSON NOT NULL,
    split        JSON NOT NULL,
    timings      JSON NOT NULL,
    summary      JSON NOT NULL,      -- the `soundcheck metrics --json` object
    skipped      JSON NOT NULL,      -- generators that declined, with the reason
    model_path   VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS metrics (
    run_id VARCHAR NOT NULL, model VARCHAR NOT NULL, metric VARCHAR NOT NULL, value DOUBLE
);
CREATE TABLE IF NOT EXISTS metrics_per_user (
    run_id VARCHAR NOT NULL, model VARCHAR NOT NULL, user_id INTEGER NOT NULL,
    metric VARCHAR NOT NULL, value DOUBLE
);
CREATE TABLE IF NOT EXISTS significance (
    run_id VARCHAR NOT NULL, model_a VARCHAR NOT NULL, model_b VARCHAR NOT NULL,
    metric VARCHAR NOT NULL, n_users INTEGER, mean_a DOUBLE, mean_b DOUBLE, mean_diff DOUBLE,
    ci_low DOUBLE, ci_high DOUBLE, p_value DOUBLE
);
CREATE TABLE IF NOT EXISTS recommendations (
    run_id VARCHAR NOT NULL, user_id INTEGER NOT NULL, item_id INTEGER NOT NULL,
    rank INTEGER NOT NULL, score DOUBLE NOT NULL, sources VARCHAR[] NOT NULL
);
CREATE TABLE IF NOT EXISTS feature_catalog (
    run_id VARCHAR NOT NULL, name VARCHAR NOT NULL, "group" VARCHAR NOT NULL,
    description VARCHAR NOT NULL, gain DOUBLE, gain_share DOUBLE
);
CREATE TABLE IF NOT EXISTS training_curve (
    run_id VARCHAR NOT NULL, iteration INTEGER NOT NULL, split VARCHAR NOT NULL, ndcg DOUBLE
);
