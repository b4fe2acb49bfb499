-- Forget the generator's configuration once the synthetic demo is removed.
DELETE FROM meta WHERE key = 'synthetic_config';
