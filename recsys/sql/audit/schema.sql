-- Tables the audit writes; every row carries the run it belongs to, and `name` the set of lists
-- it describes ('soundcheck' for the run's own lists, else the name an external list was given).
CREATE TABLE IF NOT EXISTS audit_sets (
    run_id VARCHAR NOT NULL, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, source VARCHAR,
    rows BIGINT, users BIGINT, items BIGINT, test_window BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL, config JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_figures (
    run_id VARCHAR NOT NULL, name VARCHAR NOT NULL, side VARCHAR NOT NULL, metric VARCHAR NOT NULL,
    group_attribute VARCHAR NOT NULL, "group" VARCHAR NOT NULL, n BIGINT, value DOUBLE,
    ci_low DOUBLE, ci_high DOUBLE, reference DOUBLE, ratio DOUBLE, ratio_low DOUBLE,
    ratio_high DOUBLE,
    verdict VARCHAR CHECK (verdict IN ('pass', 'fail', 'inconclusive', 'suppressed')),
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS audit_notes (
    run_id VARCHAR NOT NULL, name VARCHAR NOT NULL, side VARCHAR NOT NULL,
    group_attribute VARCHAR NOT NULL, message VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_lists (
    run_id VARCHAR NOT NULL, name VARCHAR NOT NULL, user_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL, rank INTEGER NOT NULL, score DOUBLE
);
CREATE TABLE IF NOT EXISTS audit_test_truth (
    run_id VARCHAR NOT NULL, user_id INTEGER NOT NULL, item_id INTEGER NOT NULL, weight DOUBLE
);
CREATE TABLE IF NOT EXISTS audit_tradeoff (
    run_id VARCHAR NOT NULL, reranker VARCHAR NOT NULL, strength DOUBLE NOT NULL, ndcg DOUBLE,
    target_metric VARCHAR NOT NULL, target_value DOUBLE, target_group VARCHAR,
    target_share DOUBLE
);
CREATE TABLE IF NOT EXISTS audit_reranked (
    run_id VARCHAR NOT NULL, reranker VARCHAR NOT NULL, strength DOUBLE NOT NULL,
    user_id INTEGER NOT NULL, rank INTEGER NOT NULL, item_id INTEGER NOT NULL
);
