-- a test migration
CREATE TABLE migration_demo (id INT PRIMARY KEY);
INSERT INTO migration_demo (id) VALUES (1);
