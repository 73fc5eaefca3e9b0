-- The store's schema, as an ordered list of named migrations.
--
-- Each migration starts with a line `-- migration NNNN: name`. The store
-- applies, in order and each in its own transaction, the migrations not yet
-- recorded in `schema_migrations` (a lower number can arrive after a higher
-- one has been applied). Never edit a migration that has shipped: add a new
-- one below it, in increasing numeric order.
--
-- Quarters are stored as 'YYYY-Qn' text, which sorts in time order.
--
-- Both engines (DuckDB, the default, and PostgreSQL) apply the same list. A
-- migration whose SQL one of them does not accept carries a second version
-- beside the first, after a line `-- on postgresql:`: DuckDB runs the text
-- above that line, PostgreSQL the text below it. Either may be only comments
-- (nothing to do on that engine). tests/test_store_engines.py checks that both
-- engines end with the same tables, columns and view.

-- migration 0001: initial
CREATE TABLE store_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
INSERT INTO store_meta VALUES ('data_version', '0');

-- Upload columns of the template: the English code is the contract, the
-- labels are what staff see in Excel.
CREATE TABLE fields (
    code       VARCHAR PRIMARY KEY,
    label_vi   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE indicators (
    code          VARCHAR PRIMARY KEY,
    name_vi       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    unit_vi       VARCHAR NOT NULL,
    unit_en       VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL CHECK (kind IN ('ratio', 'flow', 'stock')),
    direction     VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower')),
    numerator     VARCHAR NOT NULL,   -- upload column (the value itself for counts)
    denominator   VARCHAR,            -- upload column, ratios only
    target        DOUBLE,
    target_source VARCHAR,
    decimals      INTEGER NOT NULL DEFAULT 0,
    sort_order    INTEGER NOT NULL
);

CREATE TABLE units (
    code           VARCHAR PRIMARY KEY,
    name_vi        VARCHAR NOT NULL,
    name_en        VARCHAR,
    kind           VARCHAR NOT NULL
                   CHECK (kind IN ('province', 'department', 'commune', 'ward')),
    parent_code    VARCHAR,
    valid_from     VARCHAR CHECK (regexp_full_match(valid_from, '\d{4}-Q[1-4]')),
    valid_to       VARCHAR CHECK (regexp_full_match(valid_to, '\d{4}-Q[1-4]')),
    successor_code VARCHAR,
    sort_order     INTEGER NOT NULL
);

CREATE SEQUENCE upload_ids START 1;

-- Every upload, accepted or not, with the raw file so that the store can be
-- rebuilt from the uploads alone.
CREATE TABLE uploads (
    upload_id   INTEGER PRIMARY KEY DEFAULT nextval('upload_ids'),
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    file_name   VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    row_count   INTEGER NOT NULL,
    status      VARCHAR NOT NULL
                CHECK (status IN ('committed', 'rejected', 'rolled_back')),
    raw         BLOB
);

-- Every value ever committed. A ratio over a zero denominator has a NULL
-- value but keeps its numerator and denominator.
CREATE TABLE value_history (
    upload_id   INTEGER NOT NULL,
    unit_code   VARCHAR NOT NULL,
    quarter     VARCHAR NOT NULL,
    indicator   VARCHAR NOT NULL,
    value       DOUBLE,
    numerator   DOUBLE,
    denominator DOUBLE,
    PRIMARY KEY (upload_id, unit_code, quarter, indicator)
);

-- The accepted value of each (unit, quarter, indicator): the newest committed
-- upload that holds it. Kept in step with value_history inside the same
-- transaction, so that reads never scan the history.
CREATE TABLE current_values (
    unit_code   VARCHAR NOT NULL,
    quarter     VARCHAR NOT NULL,
    indicator   VARCHAR NOT NULL,
    value       DOUBLE,
    numerator   DOUBLE,
    denominator DOUBLE,
    upload_id   INTEGER NOT NULL,
    PRIMARY KEY (unit_code, quarter, indicator)
);

-- The documented read interface for other tools (DuckDB CLI, notebooks, BI).
CREATE VIEW indicator_values AS
SELECT c.unit_code, c.quarter, c.indicator, c.value, c.numerator,
       c.denominator, c.upload_id, u.uploaded_at
FROM current_values c
JOIN uploads u USING (upload_id);

-- on postgresql:
CREATE TABLE store_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
INSERT INTO store_meta VALUES ('data_version', '0');
CREATE TABLE fields (
    code       VARCHAR PRIMARY KEY,
    label_vi   VARCHAR NOT NULL,
    label_en   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE TABLE indicators (
    code          VARCHAR PRIMARY KEY,
    name_vi       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    unit_vi       VARCHAR NOT NULL,
    unit_en       VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL CHECK (kind IN ('ratio', 'flow', 'stock')),
    direction     VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower')),
    numerator     VARCHAR NOT NULL,
    denominator   VARCHAR,
    target        DOUBLE PRECISION,
    target_source VARCHAR,
    decimals      INTEGER NOT NULL DEFAULT 0,
    sort_order    INTEGER NOT NULL
);
CREATE TABLE units (
    code           VARCHAR PRIMARY KEY,
    name_vi        VARCHAR NOT NULL,
    name_en        VARCHAR,
    kind           VARCHAR NOT NULL
                   CHECK (kind IN ('province', 'department', 'commune', 'ward')),
    parent_code    VARCHAR,
    valid_from     VARCHAR CHECK (valid_from ~ '^\d{4}-Q[1-4]$'),
    valid_to       VARCHAR CHECK (valid_to ~ '^\d{4}-Q[1-4]$'),
    successor_code VARCHAR,
    sort_order     INTEGER NOT NULL
);
CREATE SEQUENCE upload_ids START 1;
CREATE TABLE uploads (
    upload_id   INTEGER PRIMARY KEY DEFAULT nextval('upload_ids'),
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    file_name   VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    row_count   INTEGER NOT NULL,
    status      VARCHAR NOT NULL
                CHECK (status IN ('committed', 'rejected', 'rolled_back')),
    raw         BYTEA
);
CREATE TABLE value_history (
    upload_id   INTEGER NOT NULL,
    unit_code   VARCHAR NOT NULL,
    quarter     VARCHAR NOT NULL,
    indicator   VARCHAR NOT NULL,
    value       DOUBLE PRECISION,
    numerator   DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    PRIMARY KEY (upload_id, unit_code, quarter, indicator)
);
CREATE TABLE current_values (
    unit_code   VARCHAR NOT NULL,
    quarter     VARCHAR NOT NULL,
    indicator   VARCHAR NOT NULL,
    value       DOUBLE PRECISION,
    numerator   DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    upload_id   INTEGER NOT NULL,
    PRIMARY KEY (unit_code, quarter, indicator)
);
CREATE VIEW indicator_values AS
SELECT c.unit_code, c.quarter, c.indicator, c.value, c.numerator,
       c.denominator, c.upload_id, u.uploaded_at
FROM current_values c
JOIN uploads u USING (upload_id);

-- migration 0002: upload rollback and outcome
ALTER TABLE uploads ADD COLUMN rolled_back_by VARCHAR;
ALTER TABLE uploads ADD COLUMN rolled_back_at TIMESTAMPTZ;
ALTER TABLE uploads ADD COLUMN error_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE uploads ADD COLUMN changed_values INTEGER NOT NULL DEFAULT 0;

-- migration 0003: accounts, audit log, display links
CREATE TABLE users (
    username      VARCHAR PRIMARY KEY,
    display_name  VARCHAR NOT NULL,
    email         VARCHAR,            -- matched to the single sign-on identity
    role          VARCHAR NOT NULL CHECK (role IN ('viewer', 'unit_staff', 'admin')),
    password_hash VARCHAR,            -- argon2id; NULL for single-sign-on-only accounts
    disabled      BOOLEAN NOT NULL DEFAULT false,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- The units a unit_staff account may upload for.
CREATE TABLE user_units (
    username  VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    PRIMARY KEY (username, unit_code)
);

-- Failed and successful sign-ins, for throttling (by the name typed, whether
-- or not such an account exists, so that throttling reveals nothing).
CREATE TABLE sign_in_attempts (
    username     VARCHAR NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    success      BOOLEAN NOT NULL
);

CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
    audit_id  INTEGER PRIMARY KEY DEFAULT nextval('audit_ids'),
    logged_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    actor    VARCHAR NOT NULL,
    action   VARCHAR NOT NULL,
    target   VARCHAR,
    detail   VARCHAR
);

-- Read-only links for projectors; only a hash of the token is stored.
CREATE TABLE display_links (
    token_hash VARCHAR PRIMARY KEY,
    label      VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    revoked_at TIMESTAMPTZ
);

-- migration 0004: presentation agendas
CREATE TABLE agendas (
    name       VARCHAR PRIMARY KEY,
    slides     VARCHAR[] NOT NULL,   -- slide codes in order: tiles, attention, ranking:CODE, unit:CODE
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- migration 0005: browser sessions
-- A sign-in the browser keeps (an HttpOnly cookie) across reloads and server
-- restarts, under the same idle and maximum limits as a tab's session. Only a
-- hash of the token is stored; signing out or a password change deletes it.
CREATE TABLE browser_sessions (
    token_hash   VARCHAR PRIMARY KEY,
    username     VARCHAR NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);

-- migration 0007: sign-in attempts by client, password changes dated
-- Throttling counts failures per account AND client (the address the server
-- sees, or the one a trusted proxy forwards), so that a stranger who guesses
-- locks out only themselves; a high per-account ceiling over all clients
-- still stops distributed guessing. Attempts recorded before this migration
-- have an empty client. A session signed in before its account's password
-- was last set ends at its next run.
ALTER TABLE sign_in_attempts ADD COLUMN client VARCHAR NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN password_set_at TIMESTAMPTZ;

-- migration 0008: task register, meetings and conclusions
-- Where an indicator's figures come from: 'upload' (typed by units in the
-- quarter's template) or 'register' (derived from the task register).
ALTER TABLE indicators ADD COLUMN source VARCHAR DEFAULT 'upload';

-- Every import of the task register (a file, or conclusions entered on a
-- meeting's page), accepted or not, with the raw file. `upload_id` is the
-- upload row that carried the figures derived from it, if any changed.
CREATE SEQUENCE task_import_ids START 1;
CREATE TABLE task_imports (
    import_id     INTEGER PRIMARY KEY DEFAULT nextval('task_import_ids'),
    imported_by   VARCHAR NOT NULL,
    imported_at   TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    origin        VARCHAR NOT NULL DEFAULT 'file' CHECK (origin IN ('file', 'meeting')),
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    row_count     INTEGER NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('committed', 'rejected')),
    raw           BLOB,
    error_count   INTEGER NOT NULL DEFAULT 0,
    new_tasks     INTEGER NOT NULL DEFAULT 0,
    changed_tasks INTEGER NOT NULL DEFAULT 0,
    upload_id     INTEGER
);

-- Every version of every task ever imported; an extension shows as a new
-- version with another `extended_to`. `meeting_id` is the meeting whose
-- conclusion the task is (NULL for tasks from the document system).
CREATE TABLE task_versions (
    import_id     INTEGER NOT NULL,
    task_id       VARCHAR NOT NULL,
    document      VARCHAR NOT NULL,
    document_date DATE NOT NULL,
    summary       VARCHAR NOT NULL,
    assigned_by   VARCHAR,
    lead_unit     VARCHAR NOT NULL,
    co_units      VARCHAR,
    deadline      DATE,
    extended_to   DATE,
    completed_on  DATE,
    progress      VARCHAR,
    meeting_id    INTEGER,
    PRIMARY KEY (import_id, task_id)
);

-- The current version of each task, kept in step with task_versions in the
-- same transaction.
CREATE TABLE tasks (
    task_id       VARCHAR PRIMARY KEY,
    document      VARCHAR NOT NULL,
    document_date DATE NOT NULL,
    summary       VARCHAR NOT NULL,
    assigned_by   VARCHAR,
    lead_unit     VARCHAR NOT NULL,
    co_units      VARCHAR,
    deadline      DATE,
    extended_to   DATE,
    completed_on  DATE,
    progress      VARCHAR,
    meeting_id    INTEGER,
    import_id     INTEGER NOT NULL
);

-- Review meetings (phiên họp giao ban). Their conclusions are tasks whose
-- meeting_id points here.
CREATE SEQUENCE meeting_ids START 1;
CREATE TABLE meetings (
    meeting_id INTEGER PRIMARY KEY DEFAULT nextval('meeting_ids'),
    held_on    DATE NOT NULL,
    title      VARCHAR NOT NULL,
    quarter    VARCHAR NOT NULL CHECK (regexp_full_match(quarter, '\d{4}-Q[1-4]')),
    chaired_by VARCHAR,
    attendees  VARCHAR,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- on postgresql:
ALTER TABLE indicators ADD COLUMN source VARCHAR DEFAULT 'upload';
CREATE SEQUENCE task_import_ids START 1;
CREATE TABLE task_imports (
    import_id     INTEGER PRIMARY KEY DEFAULT nextval('task_import_ids'),
    imported_by   VARCHAR NOT NULL,
    imported_at   TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    origin        VARCHAR NOT NULL DEFAULT 'file' CHECK (origin IN ('file', 'meeting')),
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    row_count     INTEGER NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('committed', 'rejected')),
    raw           BYTEA,
    error_count   INTEGER NOT NULL DEFAULT 0,
    new_tasks     INTEGER NOT NULL DEFAULT 0,
    changed_tasks INTEGER NOT NULL DEFAULT 0,
    upload_id     INTEGER
);
CREATE TABLE task_versions (
    import_id     INTEGER NOT NULL,
    task_id       VARCHAR NOT NULL,
    document      VARCHAR NOT NULL,
    document_date DATE NOT NULL,
    summary       VARCHAR NOT NULL,
    assigned_by   VARCHAR,
    lead_unit     VARCHAR NOT NULL,
    co_units      VARCHAR,
    deadline      DATE,
    extended_to   DATE,
    completed_on  DATE,
    progress      VARCHAR,
    meeting_id    INTEGER,
    PRIMARY KEY (import_id, task_id)
);
CREATE TABLE tasks (
    task_id       VARCHAR PRIMARY KEY,
    document      VARCHAR NOT NULL,
    document_date DATE NOT NULL,
    summary       VARCHAR NOT NULL,
    assigned_by   VARCHAR,
    lead_unit     VARCHAR NOT NULL,
    co_units      VARCHAR,
    deadline      DATE,
    extended_to   DATE,
    completed_on  DATE,
    progress      VARCHAR,
    meeting_id    INTEGER,
    import_id     INTEGER NOT NULL
);
CREATE SEQUENCE meeting_ids START 1;
CREATE TABLE meetings (
    meeting_id INTEGER PRIMARY KEY DEFAULT nextval('meeting_ids'),
    held_on    DATE NOT NULL,
    title      VARCHAR NOT NULL,
    quarter    VARCHAR NOT NULL CHECK (quarter ~ '^\d{4}-Q[1-4]$'),
    chaired_by VARCHAR,
    attendees  VARCHAR,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- migration 0010: reporting calendar
-- The day each quarter's figures are due from every unit in force. A quarter
-- without a row here is due on the 15th of the month after it (metrics.reporting).
CREATE TABLE reporting_due (
    quarter VARCHAR PRIMARY KEY,
    due_on  DATE NOT NULL,
    set_by  VARCHAR NOT NULL,
    set_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- migration 0011: national service index (Decision 766)
-- Units carry the portal's code (MA_COQUAN) so that its exports can be matched.
ALTER TABLE units ADD COLUMN portal_code VARCHAR;
-- A new indicator kind, `score` (a value between 0 and its maximum, never
-- summed). DuckDB cannot drop a CHECK constraint, so the table is rebuilt with
-- every column it has (whatever other migrations added); the kind is checked by
-- the catalogue loader (metrics.catalogue.KINDS) before it reaches the store.
CREATE TABLE indicators_0011 AS SELECT * FROM indicators;
DROP TABLE indicators;
ALTER TABLE indicators_0011 RENAME TO indicators;
ALTER TABLE indicators ADD PRIMARY KEY (code);
ALTER TABLE indicators ALTER COLUMN name_vi SET NOT NULL;
ALTER TABLE indicators ALTER COLUMN kind SET NOT NULL;
ALTER TABLE indicators ALTER COLUMN direction SET NOT NULL;
ALTER TABLE indicators ALTER COLUMN sort_order SET NOT NULL;
ALTER TABLE indicators ADD COLUMN maximum DOUBLE;   -- score indicators only
-- The period an uploader named for a file that has none of its own (a portal
-- export), so that the store can still be rebuilt from the uploads alone.
ALTER TABLE uploads ADD COLUMN period VARCHAR;
-- Every row of a committed or checked portal export, as published: the matched
-- unit (NULL for another province or a code no unit carries), the six group
-- scores, the total and the published rank (ROW_STT). The rows a reader uses
-- are those of the newest committed upload for a period, so a rollback of the
-- upload brings the previous ranks and national comparison back with its values.
CREATE TABLE portal_rows (
    upload_id   INTEGER NOT NULL,
    row_number  INTEGER NOT NULL,      -- as Excel shows it
    quarter     VARCHAR NOT NULL,
    portal_code VARCHAR NOT NULL,      -- MA_COQUAN
    name        VARCHAR,               -- TEN_COQUAN (or TEN)
    level       VARCHAR NOT NULL CHECK (level IN ('province', 'department', 'commune')),
    unit_code   VARCHAR,
    ckmb DOUBLE, tdgq DOUBLE, clgq DOUBLE, tttt DOUBLE, mdhl DOUBLE, mdsh DOUBLE,
    total       DOUBLE NOT NULL,
    rank        INTEGER,               -- ROW_STT
    PRIMARY KEY (upload_id, portal_code)
);

-- on postgresql:
-- PostgreSQL drops the kind's CHECK in place.
ALTER TABLE units ADD COLUMN portal_code VARCHAR;
ALTER TABLE indicators DROP CONSTRAINT indicators_kind_check;
ALTER TABLE indicators ADD COLUMN maximum DOUBLE PRECISION;
ALTER TABLE uploads ADD COLUMN period VARCHAR;
CREATE TABLE portal_rows (
    upload_id   INTEGER NOT NULL,
    row_number  INTEGER NOT NULL,
    quarter     VARCHAR NOT NULL,
    portal_code VARCHAR NOT NULL,
    name        VARCHAR,
    level       VARCHAR NOT NULL CHECK (level IN ('province', 'department', 'commune')),
    unit_code   VARCHAR,
    ckmb DOUBLE PRECISION, tdgq DOUBLE PRECISION, clgq DOUBLE PRECISION,
    tttt DOUBLE PRECISION, mdhl DOUBLE PRECISION, mdsh DOUBLE PRECISION,
    total       DOUBLE PRECISION NOT NULL,
    rank        INTEGER,
    PRIMARY KEY (upload_id, portal_code)
);

-- migration 0012: the national index's scores come from the portal
-- Migration 0008 gave every indicator the source `upload`; a store that had the
-- scores of 0011 before it ran keeps them as what they are.
UPDATE indicators SET source = 'portal' WHERE kind = 'score';

-- migration 0013: counts as exact integers, refused files' full size
-- Counts are stored as exact integers, never as floats: the value of a count
-- indicator (kind flow or stock, metrics.catalogue.COUNT_KINDS) in
-- `count_value`, a ratio's numerator and denominator in `numerator` and
-- `denominator`, all BIGINT. `value` keeps what is not a count: a ratio's
-- percentage and a score. The view `indicator_values` keeps its columns and
-- their meaning; its `value` is the count for counts (exact as a double, since
-- a count is at most metrics.limits.MAX_COUNT).
-- A value stored before counts were bounded that is no whole number a BIGINT
-- holds (1e28 complaints, 3.5 dossiers) cannot be converted: its row moves, as
-- it was, to `unconverted_values`, and the unit's figure is shown as missing.
-- (The type changes guard their casts even so: DuckDB also converts the rows
-- this transaction deleted.)
DROP VIEW indicator_values;
CREATE TABLE unconverted_values (
    source_table VARCHAR NOT NULL,   -- value_history or current_values
    upload_id    INTEGER NOT NULL,
    unit_code    VARCHAR NOT NULL,
    quarter      VARCHAR NOT NULL,
    indicator    VARCHAR NOT NULL,
    value        DOUBLE PRECISION,
    numerator    DOUBLE PRECISION,
    denominator  DOUBLE PRECISION
);
INSERT INTO unconverted_values
SELECT 'value_history', upload_id, unit_code, quarter, indicator, value, numerator, denominator
FROM value_history
WHERE (numerator IS NOT NULL AND NOT (numerator = floor(numerator) AND abs(numerator) < 9e18))
   OR (denominator IS NOT NULL AND NOT (denominator = floor(denominator) AND abs(denominator) < 9e18))
   OR (value IS NOT NULL AND NOT (value = floor(value) AND abs(value) < 9e18)
       AND indicator IN (SELECT code FROM indicators WHERE kind IN ('flow', 'stock')));
INSERT INTO unconverted_values
SELECT 'current_values', upload_id, unit_code, quarter, indicator, value, numerator, denominator
FROM current_values
WHERE (numerator IS NOT NULL AND NOT (numerator = floor(numerator) AND abs(numerator) < 9e18))
   OR (denominator IS NOT NULL AND NOT (denominator = floor(denominator) AND abs(denominator) < 9e18))
   OR (value IS NOT NULL AND NOT (value = floor(value) AND abs(value) < 9e18)
       AND indicator IN (SELECT code FROM indicators WHERE kind IN ('flow', 'stock')));
DELETE FROM value_history WHERE EXISTS (
    SELECT 1 FROM unconverted_values x WHERE x.source_table = 'value_history' AND x.upload_id = value_history.upload_id
    AND x.unit_code = value_history.unit_code AND x.quarter = value_history.quarter
    AND x.indicator = value_history.indicator);
DELETE FROM current_values WHERE EXISTS (
    SELECT 1 FROM unconverted_values x WHERE x.source_table = 'current_values'
    AND x.unit_code = current_values.unit_code AND x.quarter = current_values.quarter
    AND x.indicator = current_values.indicator);
ALTER TABLE value_history ADD COLUMN count_value BIGINT;
ALTER TABLE current_values ADD COLUMN count_value BIGINT;
UPDATE value_history SET count_value = CAST(value AS BIGINT), value = NULL
WHERE value IS NOT NULL AND indicator IN (SELECT code FROM indicators WHERE kind IN ('flow', 'stock'));
UPDATE current_values SET count_value = CAST(value AS BIGINT), value = NULL
WHERE value IS NOT NULL AND indicator IN (SELECT code FROM indicators WHERE kind IN ('flow', 'stock'));
ALTER TABLE value_history ALTER COLUMN numerator TYPE BIGINT
    USING CASE WHEN numerator = floor(numerator) AND abs(numerator) < 9e18 THEN CAST(numerator AS BIGINT) END;
ALTER TABLE value_history ALTER COLUMN denominator TYPE BIGINT
    USING CASE WHEN denominator = floor(denominator) AND abs(denominator) < 9e18 THEN CAST(denominator AS BIGINT) END;
ALTER TABLE current_values ALTER COLUMN numerator TYPE BIGINT
    USING CASE WHEN numerator = floor(numerator) AND abs(numerator) < 9e18 THEN CAST(numerator AS BIGINT) END;
ALTER TABLE current_values ALTER COLUMN denominator TYPE BIGINT
    USING CASE WHEN denominator = floor(denominator) AND abs(denominator) < 9e18 THEN CAST(denominator AS BIGINT) END;
CREATE VIEW indicator_values AS
SELECT c.unit_code, c.quarter, c.indicator,
       COALESCE(CAST(c.count_value AS DOUBLE PRECISION), c.value) AS value,
       c.numerator, c.denominator, c.upload_id, u.uploaded_at
FROM current_values c
JOIN uploads u ON u.upload_id = c.upload_id;
-- The size of the file as received (NULL for rows logged before) and, in
-- `sha256`, the hash of all of it: a refused file larger than the upload cap
-- keeps only its first metrics.limits.MAX_FILE_BYTES bytes in `raw`.
ALTER TABLE uploads ADD COLUMN file_bytes BIGINT;
ALTER TABLE task_imports ADD COLUMN file_bytes BIGINT;

-- migration 0015: foreign keys and indexes on PostgreSQL
-- DuckDB answers these queries by scanning its columns and cannot add a
-- foreign key to an existing table: nothing changes there.
-- on postgresql:
-- Rows that name an upload, an import or an account point at it (checked at
-- commit, so a whole store can be copied table by table in one transaction).
ALTER TABLE value_history ADD FOREIGN KEY (upload_id) REFERENCES uploads DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE current_values ADD FOREIGN KEY (upload_id) REFERENCES uploads DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE portal_rows ADD FOREIGN KEY (upload_id) REFERENCES uploads DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE task_imports ADD FOREIGN KEY (upload_id) REFERENCES uploads DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE task_versions ADD FOREIGN KEY (import_id) REFERENCES task_imports DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE tasks ADD FOREIGN KEY (import_id) REFERENCES task_imports DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE user_units ADD FOREIGN KEY (username) REFERENCES users DEFERRABLE INITIALLY DEFERRED;
-- The lookups the store's queries make by something other than a primary key.
CREATE INDEX current_values_quarter ON current_values (quarter, indicator);
CREATE INDEX current_values_upload ON current_values (upload_id);
CREATE INDEX value_history_key ON value_history (unit_code, quarter, indicator);
CREATE INDEX value_history_quarter ON value_history (quarter);
CREATE INDEX portal_rows_quarter ON portal_rows (quarter);
CREATE INDEX sign_in_attempts_name ON sign_in_attempts (username, attempted_at);
CREATE INDEX browser_sessions_name ON browser_sessions (username);
CREATE INDEX task_versions_task ON task_versions (task_id);

-- migration 0017: sign-in tickets in the store
-- The one-time ticket a browser exchanges for its kept sign-in cookie, within a
-- minute, on whichever app server it reaches. Keyed by a hash of the ticket;
-- the session token is sealed with a pad only the ticket gives, so the table
-- alone reveals no token.
CREATE TABLE sign_in_tickets (
    ticket_hash VARCHAR PRIMARY KEY,
    sealed      VARCHAR NOT NULL,
    expires_at  DOUBLE PRECISION NOT NULL  -- epoch seconds
);
