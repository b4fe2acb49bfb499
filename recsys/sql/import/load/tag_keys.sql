-- The distinct normalised tags of this import, for recsys.tags to classify.
SELECT DISTINCT gk FROM imp_tag_src ORDER BY gk;
