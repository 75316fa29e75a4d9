-- the same version, edited after it was applied
CREATE TABLE migration_demo (id BIGINT PRIMARY KEY);
