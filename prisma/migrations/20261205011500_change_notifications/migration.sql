-- Each app process keeps copies of what parents' pages read on every request and clerks rarely change (the
-- families' children with their schools and classes, calendars and closures, menus). Any write to those tables,
-- by whatever code (pages, imports, jobs, psql), tells every process at commit which table changed, so each
-- replica drops its copies at once (src/db/change-feed.ts). Statement-level: one notice per statement, and
-- PostgreSQL folds identical notices of one transaction into one.
-- The body's semicolons are written \073: the migration runner splits scripts at every semicolon.
CREATE FUNCTION "notifyTableChanged"() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN PERFORM pg_notify(''table_changed'', TG_TABLE_NAME)\073 RETURN NULL\073 END';

CREATE TRIGGER "Student_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Student" FOR EACH STATEMENT EXECUTE FUNCTION "notifyTableChanged"();
CREATE TRIGGER "School_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "School" FOR EACH STATEMENT EXECUTE FUNCTION "notifyTableChanged"();
CREATE TRIGGER "SchoolClass_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "SchoolClass" FOR EACH STATEMENT EXECUTE FUNCTION "notifyTableChanged"();
CREATE TRIGGER "ServiceCalendar_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ServiceCalendar" FOR EACH STATEMENT EXECUTE FUNCTION "notifyTableChanged"();
CREATE TRIGGER "ClosureDay_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ClosureDay" FOR EACH STATEMENT EXECUTE FUNCTION "notifyTableChanged"();
CREATE TRIGGER "MenuDay_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "MenuDay" FOR EACH STATEMENT EXECUTE FUNCTION "notifyTableChanged"();
CREATE TRIGGER "MenuDish_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "MenuDish" FOR EACH STATEMENT EXECUTE FUNCTION "notifyTableChanged"();
