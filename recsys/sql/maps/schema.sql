-- Tables of the genre map a build writes (docs/maps.md); every row carries its run.
CREATE TABLE IF NOT EXISTS map_runs (
    run_id VARCHAR NOT NULL, grain VARCHAR NOT NULL, artists INTEGER NOT NULL,
    clusters INTEGER NOT NULL, tests INTEGER NOT NULL, log_end TIMESTAMP,
    config JSON NOT NULL, facts JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS map_points (
    run_id VARCHAR NOT NULL, artist_id INTEGER NOT NULL, name VARCHAR, x DOUBLE NOT NULL,
    y DOUBLE NOT NULL, cluster_id INTEGER NOT NULL, strength DOUBLE, parent_genre VARCHAR,
    top_tags VARCHAR, listeners BIGINT, plays DOUBLE, listen_share DOUBLE, rec_slots BIGINT,
    rec_share DOUBLE, exposure_gap DOUBLE, growth DOUBLE
);
CREATE TABLE IF NOT EXISTS clusters (
    run_id VARCHAR NOT NULL, cluster_id INTEGER NOT NULL, label VARCHAR NOT NULL,
    top_genres VARCHAR[] NOT NULL, artists INTEGER NOT NULL, listeners BIGINT, plays DOUBLE,
    x DOUBLE, y DOUBLE, listen_share DOUBLE, rec_share DOUBLE, exposure_gap DOUBLE,
    growth DOUBLE, growth_plays DOUBLE, score DOUBLE, p_value DOUBLE, q_value DOUBLE,
    significant BOOLEAN, emerging_rank INTEGER, under_recommended BOOLEAN, communities JSON
);
CREATE TABLE IF NOT EXISTS cluster_trends (
    run_id VARCHAR NOT NULL, cluster_id INTEGER NOT NULL, kind VARCHAR NOT NULL,
    community_id VARCHAR NOT NULL, listeners_recent BIGINT, active_recent BIGINT,
    listeners_base BIGINT, active_base BIGINT, share_recent DOUBLE, share_base DOUBLE,
    growth DOUBLE, growth_plays DOUBLE, dispersion DOUBLE, score DOUBLE, p_value DOUBLE,
    q_value DOUBLE, significant BOOLEAN
);
CREATE TABLE IF NOT EXISTS cluster_trajectories (
    run_id VARCHAR NOT NULL, cluster_id INTEGER NOT NULL, kind VARCHAR NOT NULL,
    community_id VARCHAR NOT NULL, "window" INTEGER NOT NULL, window_end TIMESTAMP NOT NULL,
    listeners BIGINT, plays BIGINT, active BIGINT, share DOUBLE
);
CREATE TABLE IF NOT EXISTS map_months (
    run_id VARCHAR NOT NULL, artist_id INTEGER NOT NULL, month DATE NOT NULL,
    plays BIGINT, listeners BIGINT
);
CREATE TABLE IF NOT EXISTS map_communities (
    run_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, community_id VARCHAR NOT NULL,
    label VARCHAR NOT NULL, members INTEGER NOT NULL
);
