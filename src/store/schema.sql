-- medfund schema, version 1. Money is INTEGER 分; dates are ISO TEXT (YYYY-MM-DD).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL
);

CREATE TABLE programs (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    department  TEXT NOT NULL DEFAULT '',
    unit        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE TABLE program_years (
    id          INTEGER PRIMARY KEY,
    program_id  INTEGER NOT NULL REFERENCES programs(id),
    year        INTEGER NOT NULL,
    UNIQUE (program_id, year)
);

-- Year-versioned parameters per category, e.g. 个人医疗定额.
CREATE TABLE category_params (
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    category        TEXT NOT NULL,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    quota_fen       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (program_year_id, category)
);

-- Scalar year-versioned parameters, e.g. 统筹标准 (fen) or a percentage.
CREATE TABLE year_params (
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    key             TEXT NOT NULL,
    int_value       INTEGER,
    text_value      TEXT,
    PRIMARY KEY (program_year_id, key)
);

CREATE TABLE hospitals (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    level         TEXT NOT NULL,
    in_county     INTEGER NOT NULL,
    credit_code   TEXT NOT NULL DEFAULT '',
    bank_name     TEXT NOT NULL DEFAULT '',
    bank_account  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE beneficiaries (
    id           INTEGER PRIMARY KEY,
    program_id   INTEGER NOT NULL REFERENCES programs(id),
    name         TEXT NOT NULL,
    -- Pinyin of the name, so that names sort as a Chinese reader expects.
    name_key     TEXT NOT NULL,
    id_number    TEXT NOT NULL,
    gender       TEXT NOT NULL,
    birth_date   TEXT NOT NULL,
    category     TEXT NOT NULL,
    work_date    TEXT,
    card_no      TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    -- Denormalized from the newest beneficiary_status row, for the roster table.
    status       TEXT NOT NULL DEFAULT 'active',
    status_date  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (program_id, id_number)
);
CREATE INDEX ix_beneficiaries_name ON beneficiaries (program_id, name_key, name);
CREATE INDEX ix_beneficiaries_card ON beneficiaries (program_id, card_no);

CREATE TABLE beneficiary_status (
    id              INTEGER PRIMARY KEY,
    beneficiary_id  INTEGER NOT NULL REFERENCES beneficiaries(id),
    status          TEXT NOT NULL,
    status_date     TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    entered_at      TEXT NOT NULL,
    entered_by      TEXT NOT NULL
);
CREATE INDEX ix_beneficiary_status ON beneficiary_status (beneficiary_id, status_date);

-- Append-only. Each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    action     TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

INSERT INTO users (username, display_name, role, created_at)
VALUES ('system', '系统', 'system', datetime('now', 'localtime')),
       ('admin', '管理员', 'admin', datetime('now', 'localtime'));
