//! Keyed seals: each tampering done with the sqlite3 shell and the database key,
//! but without the seal key (which only the app derives from the master key), is
//! named by `medfund check`, even when the one who tampered recomputed every
//! unkeyed hash.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use sha2::{Digest, Sha256};

fn problems(path: &std::path::Path) -> Vec<String> {
    common::open(path).check(&|_, _| {}).unwrap()
}

fn assert_named(problems: &[String], wanted: &str) {
    assert!(
        problems.iter().any(|p| p.contains(wanted)),
        "wanted 「{wanted}」 in {problems:#?}"
    );
}

/// The plain SHA-256 a forger would compute, as claims were sealed before keys.
fn sha256_seal(conn: &rusqlite::Connection, bill_no: &str) -> String {
    conn.query_row(
        "SELECT c.id, c.report_id, c.hospital_id, c.beneficiary_id, c.visit_type,
                c.visit_date, c.discharge_date, c.total_fen, c.out_of_catalog_fen, c.bill_no,
                c.payable_fen, c.audit_status, c.reduction_fen, c.catastrophic,
                (SELECT group_concat(layer || '=' || amount_fen, ';')
                   FROM (SELECT layer, amount_fen FROM claim_layers
                          WHERE claim_id = c.id ORDER BY layer))
         FROM claims c WHERE c.bill_no = ?1",
        [bill_no],
        |r| {
            let mut h = Sha256::new();
            h.update(b"medfund-claim-v1");
            for i in 0..15 {
                match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => h.update([0u8]),
                    rusqlite::types::ValueRef::Integer(n) => h.update(n.to_string().as_bytes()),
                    rusqlite::types::ValueRef::Text(t) => h.update(t),
                    other => panic!("unexpected {other:?}"),
                }
                h.update([0x1f]);
            }
            Ok(format!("{:x}", h.finalize()))
        },
    )
    .unwrap()
}

#[test]
fn the_demo_and_the_apps_own_writes_pass() {
    let db = common::demo_db();
    assert_eq!(problems(&db.path), Vec::<String>::new());
    // A change of bank account through the app is sealed with it.
    let mut store = common::open(&db.path);
    let h = store.hospitals().unwrap().remove(0);
    let mut edited = h.clone();
    edited.bank_account = "6222 0000 1111 2222".into();
    store
        .update_hospital(&edited, &medfund::store::Actor::admin())
        .unwrap();
    drop(store);
    assert_eq!(problems(&db.path), Vec::<String>::new());
}

#[test]
fn a_bank_account_changed_behind_the_apps_back_is_named() {
    let db = common::demo_db();
    let conn = common::raw(&db.path);
    let name: String = conn
        .query_row("SELECT name FROM hospitals ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute(
        "UPDATE hospitals SET bank_account = '6217 9999 0000 1234' WHERE name = ?1",
        [&name],
    )
    .unwrap();
    drop(conn);
    let p = problems(&db.path);
    assert_named(
        &p,
        &format!("医院「{name}」的资料（含开户行和账号）在系统之外被改动"),
    );
    assert_eq!(p.len(), 1, "{p:#?}");
}

#[test]
fn a_paid_claim_raised_and_resealed_with_sha256_is_named() {
    let db = common::demo_db();
    let conn = common::raw(&db.path);
    conn.execute(
        "UPDATE claims SET total_fen = total_fen + 500000, payable_fen = payable_fen + 500000
         WHERE bill_no = 'MZ20210100000'",
        [],
    )
    .unwrap();
    let forged = sha256_seal(&conn, "MZ20210100000");
    conn.execute(
        "UPDATE claims SET seal = ?1 WHERE bill_no = 'MZ20210100000'",
        [&forged],
    )
    .unwrap();
    drop(conn);
    let p = problems(&db.path);
    assert_named(&p, "票据号 MZ20210100000");
    assert_named(&p, "已批准锁定");
}

#[test]
fn the_log_cannot_be_edited_and_a_recomputed_chain_is_named() {
    let db = common::demo_db();
    let conn = common::raw(&db.path);
    // The triggers refuse an edit and a deletion outright.
    let e = conn
        .execute("UPDATE audit_log SET actor = 'x' WHERE id = 5", [])
        .unwrap_err();
    assert!(e.to_string().contains("审计日志只能追加，不能修改"), "{e}");
    let e = conn
        .execute("DELETE FROM audit_log WHERE id = 5", [])
        .unwrap_err();
    assert!(e.to_string().contains("审计日志只能追加，不能删除"), "{e}");

    // Someone drops them, edits row 12 and recomputes the chain from there on with
    // plain SHA-256, head included: the keyed hashes still fail.
    conn.execute_batch(common::DROP_APPEND_ONLY).unwrap();
    conn.execute("UPDATE audit_log SET actor = 'someone' WHERE id = 12", [])
        .unwrap();
    let rows: Vec<(i64, String)> = conn
        .prepare(
            "SELECT id, at || actor || entity || coalesce(entity_id, '') || action ||
                    coalesce(old_value, '') || coalesce(new_value, '')
             FROM audit_log WHERE id >= 12 ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev: String = conn
        .query_row("SELECT hash FROM audit_log WHERE id = 11", [], |r| r.get(0))
        .unwrap();
    for (id, content) in rows {
        let hash = format!("{:x}", Sha256::digest(format!("{prev}{content}")));
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
            rusqlite::params![id, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute("UPDATE audit_head SET last_hash = ?1 WHERE id = 1", [&prev])
        .unwrap();
    drop(conn);
    let p = problems(&db.path);
    assert_named(&p, "审计日志第 12 条的内容被改动过");
    assert_named(&p, "审计日志的末条记录标记在系统之外被改动");
}

#[test]
fn a_log_row_deleted_is_named() {
    let db = common::demo_db();
    let conn = common::raw(&db.path);
    conn.execute_batch(common::DROP_APPEND_ONLY).unwrap();
    conn.execute("DELETE FROM audit_log WHERE id = 30", [])
        .unwrap();
    drop(conn);
    assert_named(&problems(&db.path), "审计日志第 31 条之前有记录被删除");
}

#[test]
fn rows_added_changed_or_deleted_elsewhere_are_each_named() {
    let db = common::demo_db();
    let conn = common::raw(&db.path);
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         -- 经办人 made an auditor of their own claims
         INSERT INTO user_roles (user_id, role)
           SELECT id, 'auditor' FROM users WHERE username = 'jingban';
         -- a ledger receipt raised, its balance with it
         UPDATE fund_entries SET amount_fen = amount_fen + 100, balance_fen = balance_fen + 100
          WHERE id = (SELECT max(id) FROM fund_entries);
         -- a person removed from the roster",
    )
    .unwrap();
    let (person, person_id): (String, i64) = conn
        .query_row(
            "SELECT name, id FROM beneficiaries b
              WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.beneficiary_id = b.id)
                AND NOT EXISTS (SELECT 1 FROM beneficiary_status s WHERE s.beneficiary_id = b.id)
              ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute("DELETE FROM beneficiaries WHERE id = ?1", [person_id])
        .unwrap();
    let last_entry: i64 = conn
        .query_row("SELECT max(id) FROM fund_entries", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let p = problems(&db.path);
    assert_named(
        &p,
        "用户「jingban」的角色「auditor」没有封签，是在系统之外添加的",
    );
    assert_named(&p, &format!("资金台账第 {last_entry} 笔在系统之外被改动"));
    assert_named(&p, &format!("人员（第 {person_id} 行）在系统之外被删除"));
    assert!(!p.iter().any(|l| l.contains(&person)), "{p:#?}");
}
