-- What each normalised tag of the import says, as recsys.tags classified it (the frame
-- imp_tag_frame is registered by recsys.tags._load for this one statement).
CREATE OR REPLACE TEMP TABLE imp_tag_class AS
SELECT
    CAST(tag AS VARCHAR) AS gk,
    CAST(kind AS VARCHAR) AS kind,
    CAST(genre AS VARCHAR) AS genre,
    CAST(parent AS VARCHAR) AS parent,
    CAST(value AS VARCHAR) AS value
FROM imp_tag_frame;
