-- Issue 18: 绩效目标申报 and fund sources. A program-year's declaration on the
-- 项目支出绩效目标申报表 with its state (编制 → 已申报 → 已批复), its 实施进度计划,
-- the 调整 of approved targets, and the source of each budget or appropriation.

-- The declaration of a program-year; a year without a row is in 编制 with the
-- program's names. Amounts are 分.
CREATE TABLE declarations (
    program_year_id  INTEGER PRIMARY KEY REFERENCES program_years(id),
    state            TEXT NOT NULL DEFAULT 'draft'
                         CHECK (state IN ('draft', 'declared', 'approved')),
    project          TEXT NOT NULL,
    department       TEXT NOT NULL,
    unit             TEXT NOT NULL,
    attribute        TEXT NOT NULL CHECK (attribute IN ('new', 'continuing')),
    term             TEXT NOT NULL,
    central_fen      INTEGER NOT NULL DEFAULT 0,
    provincial_fen   INTEGER NOT NULL DEFAULT 0,
    city_fen         INTEGER NOT NULL DEFAULT 0,
    county_fen       INTEGER NOT NULL DEFAULT 0,
    other_fen        INTEGER NOT NULL DEFAULT 0,
    overall_goal     TEXT NOT NULL DEFAULT '',     -- 总目标
    annual_goal      TEXT NOT NULL DEFAULT '',     -- 年度目标
    declared_at      TEXT,
    declared_by      TEXT,                         -- 姓名
    approved_date    TEXT,                         -- 批复日期
    approval_doc_no  TEXT,                         -- 批复文号
    approved_by      TEXT                          -- who recorded the 批复 (姓名)
);

-- 实施进度计划: the stages of a declaration in print order.
CREATE TABLE declaration_stages (
    id               INTEGER PRIMARY KEY,
    program_year_id  INTEGER NOT NULL REFERENCES program_years(id),
    sort_order       INTEGER NOT NULL,
    task             TEXT NOT NULL,
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL
);
CREATE INDEX ix_declaration_stages_year ON declaration_stages (program_year_id, sort_order);

-- 调整: each change of an approved target, with the target before and after.
-- Rows are only inserted.
CREATE TABLE target_adjustments (
    id               INTEGER PRIMARY KEY,
    program_year_id  INTEGER NOT NULL REFERENCES program_years(id),
    position         INTEGER NOT NULL,             -- the indicator's sort_order
    indicator        TEXT NOT NULL,
    before_target    TEXT,
    before_text      TEXT NOT NULL,
    after_target     TEXT,
    after_text       TEXT NOT NULL,
    adjusted_on      TEXT NOT NULL,
    reason           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL                 -- 姓名
);
CREATE INDEX ix_target_adjustments_year ON target_adjustments (program_year_id, id);

-- Where a budget or an appropriation comes from; none for other entries and for
-- rows from before.
ALTER TABLE fund_entries ADD COLUMN source TEXT
    CHECK (source IS NULL OR source IN ('central', 'provincial', 'city', 'county', 'other'));
