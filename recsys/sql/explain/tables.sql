-- Tables the explanations stage writes with every run (the wide explain_candidates and
-- explain_shap tables, one column per ranker feature, are created from the first run's frame).
CREATE TABLE IF NOT EXISTS explain_runs (
    run_id         VARCHAR PRIMARY KEY,
    cutoff         TIMESTAMP,          -- the instant the final features describe (NULL: timeless)
    grain          VARCHAR NOT NULL,
    task           VARCHAR NOT NULL,
    base_value     DOUBLE NOT NULL,    -- the ranker's expected raw score (SHAP base value)
    features       VARCHAR[] NOT NULL, -- the ranker's features, in model order
    candidate_rows BIGINT NOT NULL,
    sample_users   INTEGER NOT NULL,
    sample_rows    INTEGER NOT NULL,
    config         JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS explain_users (
    run_id VARCHAR NOT NULL, user_id INTEGER NOT NULL, country VARCHAR, age_group VARCHAR,
    activity_tier VARCHAR, mainstream_group VARCHAR, plays DOUBLE, mainstreaminess DOUBLE,
    candidates INTEGER NOT NULL, in_sample BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS explain_items (
    run_id VARCHAR NOT NULL, item_id INTEGER NOT NULL, plays DOUBLE, recent_plays DOUBLE,
    listeners BIGINT, top_share DOUBLE, recent_top_share DOUBLE, artist_top_share DOUBLE,
    artist_recent_top_share DOUBLE
);
CREATE TABLE IF NOT EXISTS explain_importance (
    run_id VARCHAR NOT NULL, level VARCHAR NOT NULL, name VARCHAR NOT NULL,
    "group" VARCHAR NOT NULL, mean_abs_shap DOUBLE NOT NULL, mean_shap DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS explain_cohorts (
    run_id VARCHAR NOT NULL, dimension VARCHAR NOT NULL, cohort VARCHAR NOT NULL,
    level VARCHAR NOT NULL, name VARCHAR NOT NULL, "group" VARCHAR NOT NULL,
    n_users INTEGER NOT NULL, mean_shap DOUBLE, ci_low DOUBLE, ci_high DOUBLE,
    mean_abs_shap DOUBLE
);
CREATE TABLE IF NOT EXISTS explain_interactions (
    run_id VARCHAR NOT NULL, feature VARCHAR NOT NULL, partner VARCHAR NOT NULL, strength DOUBLE
);
CREATE TABLE IF NOT EXISTS explain_feature_stats (
    run_id VARCHAR NOT NULL, feature VARCHAR NOT NULL, "group" VARCHAR NOT NULL,
    description VARCHAR NOT NULL, p01 DOUBLE, p25 DOUBLE, median DOUBLE, p75 DOUBLE, p99 DOUBLE
);
CREATE TABLE IF NOT EXISTS explain_user_genres (
    run_id VARCHAR NOT NULL, user_id INTEGER NOT NULL, genre_id INTEGER NOT NULL,
    items BIGINT NOT NULL,     -- distinct items (tracks, or artists for play counts) tagged
    plays DOUBLE NOT NULL,
    items_recent BIGINT,       -- the same in the 56 days before the cutoff (NULL: no timestamps)
    plays_recent DOUBLE,
    share DOUBLE NOT NULL      -- the genre's share of the listener's tag-weighted plays
);
