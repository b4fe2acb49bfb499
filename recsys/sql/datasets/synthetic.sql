-- How many of the warehouse's datasets are the generated (synthetic) demo.
SELECT count(*) FROM datasets WHERE source_format = 'synthetic';
