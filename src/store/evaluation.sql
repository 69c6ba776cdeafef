-- medfund schema, version 5: the performance self-evaluation of a program-year:
-- its indicator tree and the narrative of its report.

-- One 三级指标 of a program-year's 自评表, in print order. Targets, weights and
-- actuals are decimals written as text (they are scores and measures, not money).
CREATE TABLE indicators (
    id               INTEGER PRIMARY KEY,
    program_year_id  INTEGER NOT NULL REFERENCES program_years(id),
    sort_order       INTEGER NOT NULL,
    level1           TEXT NOT NULL,
    level2           TEXT NOT NULL,
    name             TEXT NOT NULL,
    nature           TEXT NOT NULL CHECK (nature IN ('≥', '≤', '=', '定性')),
    target           TEXT,                         -- none for 定性
    target_text      TEXT NOT NULL DEFAULT '',     -- the target as written, e.g. 普遍知晓
    unit             TEXT NOT NULL DEFAULT '',
    weight           TEXT NOT NULL,                -- 分值
    metric           TEXT,                         -- a data metric's code, or typed actual
    actual           TEXT,                         -- a typed actual value
    actual_text      TEXT NOT NULL DEFAULT '',     -- what a qualitative one achieved
    tier             TEXT CHECK (tier IN ('达成', '部分达成', '未达成')),
    judged_score     TEXT,
    reason           TEXT NOT NULL DEFAULT '',     -- 偏差原因分析及改进措施
    budget_execution INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_indicators_year ON indicators (program_year_id, sort_order);

-- The report's narrative: one text per section key and program-year, with
-- placeholders such as {年初预算万元} filled from the data at export.
CREATE TABLE narratives (
    program_year_id  INTEGER NOT NULL REFERENCES program_years(id),
    section          TEXT NOT NULL,
    body             TEXT NOT NULL,
    PRIMARY KEY (program_year_id, section)
);
