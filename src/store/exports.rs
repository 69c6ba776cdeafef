//! The record of each printed document's export and its 核验码: one row in
//! `exports` with what the document was built from and the figures it shows, and
//! an `export` row in the audit log, written in the same transaction as the file.
//!
//! The code is the first 60 bits of an HMAC-SHA256 (the key of
//! [`Purpose::Verify`], derived from the master key) over the whole row, in
//! Crockford base 32 as `XXXX-XXXX-XXXX`. Reading a code back recomputes the MAC:
//! a row changed behind the app's back (its figures, its exporter, its time) no
//! longer gives its code, and without the master key no one can make one that does.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde_json::json;

use super::audit::AuditWriter;
use super::keyring::{Purpose, base32};
use super::{Actor, Result, Store, StoreError, now_stamp};

/// Symbols in a 核验码: 12 × 5 = 60 bits.
pub const CODE_SYMBOLS: usize = 12;
/// Symbols per printed group: `XXXX-XXXX-XXXX`.
const GROUP: usize = 4;

/// A figure as a document shows it: what a reader calls it, and its value.
pub type Figure = (String, String);

/// What is printed in a recorded document's footer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// `XXXX-XXXX-XXXX`.
    pub code: String,
    /// The exporter's 姓名 and username.
    pub actor_name: String,
    pub actor: String,
    /// 导出时间, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
}

impl Stamp {
    /// The footer line: 「核验码 XXXX-XXXX-XXXX　导出人 张丽　导出时间 2026-03-05 10:00:00」.
    pub fn line(&self) -> String {
        format!(
            "核验码 {}　导出人 {}　导出时间 {}",
            self.code, self.actor_name, self.at
        )
    }

    /// A stamp for the writers' own tests.
    pub fn example() -> Self {
        Self {
            code: "ABCD-EFGH-JKMN".into(),
            actor_name: "张丽".into(),
            actor: "caiwu".into(),
            at: "2021-03-05 10:00:00".into(),
        }
    }
}

/// What an export records besides its figures.
#[derive(Clone, Copy, Debug)]
pub struct NewExport<'a> {
    /// The document's kind code, e.g. `payment_summary`.
    pub kind: &'a str,
    /// The parameters it was built from, as JSON, to build it again.
    pub params: &'a str,
    pub file_name: &'a str,
}

/// A recorded export as read back by its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRecord {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub params: String,
    pub figures: Vec<Figure>,
    /// The audit log's newest row when the document was exported.
    pub audit_head_id: Option<i64>,
    pub audit_head_hash: Option<String>,
    pub actor: String,
    pub actor_name: String,
    pub at: String,
    pub file_name: String,
    /// Whether the row still gives its code: false when it was changed outside
    /// the app (or its figures cannot be read).
    pub intact: bool,
}

/// A code as someone typed it, grouped as printed; case, spaces and dashes do not
/// matter and I, L, O, U read as 1, 1, 0, V. The refusal says what is wrong.
pub fn parse_code(text: &str) -> std::result::Result<String, String> {
    let mut symbols = String::with_capacity(CODE_SYMBOLS);
    for c in text.trim().chars() {
        match base32::read(c) {
            Ok(Some(s)) => symbols.push(s),
            Ok(None) => {}
            Err(bad) => return Err(format!("核验码含有无效字符「{bad}」")),
        }
    }
    let n = symbols.chars().count();
    if n != CODE_SYMBOLS {
        return Err(format!(
            "核验码应为 {CODE_SYMBOLS} 位字母或数字（如 ABCD-EFGH-JKMN），现为 {n} 位"
        ));
    }
    Ok(grouped(&symbols))
}

fn grouped(symbols: &str) -> String {
    let mut out = String::with_capacity(CODE_SYMBOLS + 2);
    for (i, c) in symbols.chars().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

/// The columns a code is computed over, in order.
struct Sealed<'a> {
    id: i64,
    kind: &'a str,
    params: &'a str,
    figures: &'a str,
    audit_head_id: Option<i64>,
    audit_head_hash: Option<&'a str>,
    actor: &'a str,
    actor_name: &'a str,
    at: &'a str,
    file_name: &'a str,
}

impl Store {
    fn export_code(&self, row: &Sealed<'_>) -> String {
        let id = row.id.to_string();
        let head_id = row.audit_head_id.map(|i| i.to_string()).unwrap_or_default();
        let mac = self.mac_key(Purpose::Verify).mac(&[
            id.as_bytes(),
            row.kind.as_bytes(),
            row.params.as_bytes(),
            row.figures.as_bytes(),
            head_id.as_bytes(),
            row.audit_head_hash.unwrap_or("").as_bytes(),
            row.actor.as_bytes(),
            row.actor_name.as_bytes(),
            row.at.as_bytes(),
            row.file_name.as_bytes(),
        ]);
        grouped(&base32::encode(&mac, CODE_SYMBOLS))
    }

    /// Export a document in one transaction: `build` makes it and its figures,
    /// the export and its audit row are recorded, then `write` writes the file
    /// with the stamp. Nothing is recorded when either fails. The transaction
    /// takes the write lock first, so the figures are those of one moment.
    pub fn record_export<M, T, E: From<StoreError>>(
        &self,
        new: &NewExport<'_>,
        actor: &Actor,
        build: impl FnOnce() -> std::result::Result<(M, Vec<Figure>), E>,
        write: impl FnOnce(M, &Stamp) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = rusqlite::Transaction::new_unchecked(self.conn(), TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let (model, figures) = build()?;
        let stamp = self.insert_export(&tx, new, actor, &figures)?;
        let out = write(model, &stamp)?;
        self.commit(tx)?;
        Ok(out)
    }

    fn insert_export(
        &self,
        tx: &rusqlite::Connection,
        new: &NewExport<'_>,
        actor: &Actor,
        figures: &[Figure],
    ) -> Result<Stamp> {
        let figures_json = serde_json::to_string(figures)
            .map_err(|e| StoreError::Invalid(format!("无法记录导出：{e}")))?;
        let head: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let at = now_stamp();
        tx.execute(
            "INSERT INTO exports (code, kind, params, figures, audit_head_id, audit_head_hash,
                                  actor, actor_name, at, file_name)
             VALUES ('pending', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                new.kind,
                new.params,
                figures_json,
                head.as_ref().map(|h| h.0),
                head.as_ref().map(|h| h.1.as_str()),
                actor.username,
                actor.display_name,
                at,
                new.file_name
            ],
        )?;
        let id = tx.last_insert_rowid();
        let code = self.export_code(&Sealed {
            id,
            kind: new.kind,
            params: new.params,
            figures: &figures_json,
            audit_head_id: head.as_ref().map(|h| h.0),
            audit_head_hash: head.as_ref().map(|h| h.1.as_str()),
            actor: &actor.username,
            actor_name: &actor.display_name,
            at: &at,
            file_name: new.file_name,
        });
        tx.execute(
            "UPDATE exports SET code = ?2 WHERE id = ?1",
            params![id, code],
        )?;
        AuditWriter::new(tx, actor)?.log(
            "export",
            Some(id),
            "export",
            None,
            Some(
                json!({"kind": new.kind, "code": code, "file_name": new.file_name, "params": new.params})
                    .to_string(),
            ),
        )?;
        Ok(Stamp {
            code,
            actor_name: actor.display_name.clone(),
            actor: actor.username.clone(),
            at,
        })
    }

    /// The 核验码 of the newest export `username` recorded, for the CLI to print
    /// after writing a document.
    pub fn latest_export_code(&self, username: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()
            .query_row(
                "SELECT code FROM exports WHERE actor = ?1 ORDER BY id DESC LIMIT 1",
                [username],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The export recorded under `code` (grouped, as [`parse_code`] gives it), if
    /// any, and whether its row still gives that code. Anyone signed in may ask.
    pub fn find_export(&self, code: &str) -> Result<Option<ExportRecord>> {
        let row = self
            .conn()
            .query_row(
                "SELECT id, code, kind, params, figures, audit_head_id, audit_head_hash,
                        actor, actor_name, at, file_name
                 FROM exports WHERE code = ?1",
                [code],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<i64>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        (r.get::<_, String>(7)?, r.get::<_, String>(8)?),
                        r.get::<_, String>(9)?,
                        r.get::<_, String>(10)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, code, kind, params, figures_json, head_id, head_hash, who, at, file_name)) =
            row
        else {
            return Ok(None);
        };
        let (actor, actor_name) = who;
        let recomputed = self.export_code(&Sealed {
            id,
            kind: &kind,
            params: &params,
            figures: &figures_json,
            audit_head_id: head_id,
            audit_head_hash: head_hash.as_deref(),
            actor: &actor,
            actor_name: &actor_name,
            at: &at,
            file_name: &file_name,
        });
        let figures: Option<Vec<Figure>> = serde_json::from_str(&figures_json).ok();
        Ok(Some(ExportRecord {
            intact: recomputed == code && figures.is_some(),
            figures: figures.unwrap_or_default(),
            id,
            code,
            kind,
            params,
            audit_head_id: head_id,
            audit_head_hash: head_hash,
            actor,
            actor_name,
            at,
            file_name,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        assert_eq!(parse_code(" abcd efgh-jkmn ").unwrap(), "ABCD-EFGH-JKMN");
        assert_eq!(parse_code("OOOO-IIII-LLLL").unwrap(), "0000-1111-1111");
        assert_eq!(
            parse_code("ABC").unwrap_err(),
            "核验码应为 12 位字母或数字（如 ABCD-EFGH-JKMN），现为 3 位"
        );
        assert_eq!(
            parse_code("ABCD-EFGH-JKM*").unwrap_err(),
            "核验码含有无效字符「*」"
        );
    }
}
