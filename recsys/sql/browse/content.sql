-- How many plays, play counts and friendships the warehouse has: to say why a table is empty.
SELECT
    (SELECT count(*) FROM listens) AS listens,
    (SELECT count(*) FROM play_counts) AS play_counts,
    (SELECT count(*) FROM friends) AS friends
