-- What `livechat install --db mysql` does with an administrative account, for DBAs who prefer
-- to run it by hand (then install with --no-provision and the livechat account's own URL).
-- Replace livechat / CHANGE-ME with your database name, user and a strong password.
CREATE DATABASE IF NOT EXISTS `livechat` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'livechat'@'%' IDENTIFIED BY 'CHANGE-ME';
CREATE USER IF NOT EXISTS 'livechat'@'localhost' IDENTIFIED BY 'CHANGE-ME';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, LOCK TABLES, CREATE TEMPORARY TABLES ON `livechat`.* TO 'livechat'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES, LOCK TABLES, CREATE TEMPORARY TABLES ON `livechat`.* TO 'livechat'@'localhost';
FLUSH PRIVILEGES;
