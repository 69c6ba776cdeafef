//! The rows of the exported lists, streamed in order: the 公示 list of 医疗救助
//! recipients (one row per person and kind of assistance) and the claims detail
//! of a month (one row per claim). Both read through indexes
//! (`ix_reports_month`, `ix_claims_report_totals`, `ix_adjustments_claim`, the
//! 资助参保 list's unique key) and hand each row to the caller as it comes, so a
//! year of 100,000 claims is never held in memory.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::claims::{CLAIM_COLS, ClaimRecord, read_claim};
use super::{Store, StoreError};
use crate::domain::Money;
use crate::domain::claim::Month;
use crate::domain::disclosure::{AidType, ListScope};

/// One person's assistance of one kind in a list's period, with the whole ID
/// number: the report layer masks it before anything is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicRecord {
    pub beneficiary_id: i64,
    pub name: String,
    pub id_number: String,
    /// 救助类别: the category the 资助参保 list recorded, else the person's.
    pub category: String,
    pub aid: AidType,
    /// Approved after audit plus the adjustments of recomputed claims; for
    /// 资助参保, the premium on the year's list.
    pub amount: Money,
}

/// The grouped rows of a public list: claims of the report months in `?2..=?3`
/// that passed audit (in full or reduced), with their adjustments, and the
/// 资助参保 list of program-year `?4` (NULL for a month list). The kind follows
/// `assistance::claim_group`: 门诊, else 重特大疾病, else 普通住院. Persons whose
/// amount comes to nothing are left out.
const PUBLIC_LIST_SQL: &str = "
    SELECT x.aid, b.id, b.name, b.id_number, coalesce(min(x.category), b.category),
           sum(x.amount_fen)
    FROM (
        SELECT 0 AS aid, p.beneficiary_id AS bid, p.category AS category,
               p.amount_fen AS amount_fen
        FROM premium_subsidies p
        WHERE p.program_year_id = ?4
        UNION ALL
        SELECT CASE WHEN c.visit_type = 'outpatient' THEN 3
                    WHEN c.catastrophic THEN 2
                    ELSE 1 END,
               c.beneficiary_id, NULL,
               c.approved_fen + (SELECT coalesce(sum(a.amount_fen), 0)
                                 FROM claim_adjustments a WHERE a.claim_id = c.id)
        FROM monthly_reports r JOIN claim_payable c ON c.report_id = r.id
        WHERE r.program_id = ?1 AND r.month BETWEEN ?2 AND ?3
          AND c.audit_status IN ('passed', 'reduced')
    ) x JOIN beneficiaries b ON b.id = x.bid
    GROUP BY x.aid, x.bid
    HAVING sum(x.amount_fen) > 0";

/// One claim of the detail export: the stored claim with its hospital, what each
/// of the year's other layers paid (in the year's order) and what is payable
/// after audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimDetail {
    pub claim: ClaimRecord,
    pub hospital_code: String,
    pub hospital_name: String,
    pub layers: Vec<Money>,
    pub approved: Money,
}

impl Store {
    /// The rows of a program's public list for `scope`, by kind (资助参保, 普通住院,
    /// 重特大疾病, 门诊), then by name in pinyin order; `row` is called with each and
    /// may stop the reading with an error. A year list needs the year opened.
    pub fn public_list_rows<E: From<StoreError>>(
        &self,
        program_id: i64,
        scope: ListScope,
        mut row: impl FnMut(PublicRecord) -> Result<(), E>,
    ) -> Result<(), E> {
        let params = self.public_list_params(program_id, scope)?;
        let mut stmt = self
            .conn()
            .prepare(&format!(
                "{PUBLIC_LIST_SQL} ORDER BY x.aid, b.name_key, b.id"
            ))
            .map_err(StoreError::from)?;
        let mut rows = stmt
            .query(params_from_iter(params))
            .map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let order: i64 = r.get(0).map_err(StoreError::from)?;
            let aid = AidType::from_order(order)
                .ok_or_else(|| StoreError::Corrupt(format!("救助类型 {order}")))?;
            row(PublicRecord {
                aid,
                beneficiary_id: r.get(1).map_err(StoreError::from)?,
                name: r.get(2).map_err(StoreError::from)?,
                id_number: r.get(3).map_err(StoreError::from)?,
                category: r.get(4).map_err(StoreError::from)?,
                amount: Money::from_fen(r.get(5).map_err(StoreError::from)?),
            })?;
        }
        Ok(())
    }

    /// How many rows [`Store::public_list_rows`] gives, for a progress bar.
    pub fn public_list_count(&self, program_id: i64, scope: ListScope) -> super::Result<usize> {
        let params = self.public_list_params(program_id, scope)?;
        let n: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM ({PUBLIC_LIST_SQL})"),
            params_from_iter(params),
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The parameters of [`PUBLIC_LIST_SQL`]: the program, the first and last
    /// report month, and the program-year whose 资助参保 list counts (none for a
    /// month; a year not opened is an error).
    fn public_list_params(&self, program_id: i64, scope: ListScope) -> super::Result<[Value; 4]> {
        let (first, last) = scope.months();
        let premiums = if scope.includes_premiums() {
            Value::Integer(super::programs::program_year_id(
                self.conn(),
                program_id,
                scope.year(),
            )?)
        } else {
            Value::Null
        };
        Ok([
            Value::Integer(program_id),
            Value::Text(first.code()),
            Value::Text(last.code()),
            premiums,
        ])
    }

    /// The claims of a program's `month` (all hospitals, or one), by hospital code
    /// then entry order, each with what the `layers` paid; `row` is called with each
    /// and may stop the reading with an error.
    pub fn claim_details<E: From<StoreError>>(
        &self,
        program_id: i64,
        month: Month,
        hospital_id: Option<i64>,
        layers: &[String],
        mut row: impl FnMut(ClaimDetail) -> Result<(), E>,
    ) -> Result<(), E> {
        let layer_cols: String = (0..layers.len())
            .map(|i| {
                format!(
                    ", (SELECT l.amount_fen FROM claim_layers l WHERE l.claim_id = c.id AND l.layer = ?{})",
                    i + 4
                )
            })
            .collect();
        let sql = format!(
            "SELECT {CLAIM_COLS}, h.code, h.name, c.approved_fen{layer_cols}
             FROM monthly_reports r
             JOIN claim_payable c ON c.report_id = r.id
             JOIN beneficiaries b ON b.id = c.beneficiary_id
             JOIN hospitals h ON h.id = r.hospital_id
             WHERE r.program_id = ?1 AND r.month = ?2 AND (?3 IS NULL OR r.hospital_id = ?3)
             ORDER BY h.code, c.id"
        );
        let mut values = vec![
            Value::Integer(program_id),
            Value::Text(month.code()),
            hospital_id.map_or(Value::Null, Value::Integer),
        ];
        values.extend(layers.iter().map(|l| Value::Text(l.clone())));
        let mut stmt = self.conn().prepare(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(params_from_iter(values))
            .map_err(StoreError::from)?;
        // The columns after the claim's own.
        let base = CLAIM_COLS.split(',').count();
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let claim = read_claim(r).map_err(StoreError::from)?;
            let get_fen = |i: usize| -> Result<Money, StoreError> {
                let fen: Option<i64> = r.get(i)?;
                Ok(Money::from_fen(fen.unwrap_or(0)))
            };
            let detail = ClaimDetail {
                claim,
                hospital_code: r.get(base).map_err(StoreError::from)?,
                hospital_name: r.get(base + 1).map_err(StoreError::from)?,
                approved: get_fen(base + 2)?,
                layers: (0..layers.len())
                    .map(|i| get_fen(base + 3 + i))
                    .collect::<Result<_, _>>()?,
            };
            row(detail)?;
        }
        Ok(())
    }

    /// How many claims [`Store::claim_details`] gives.
    pub fn claim_detail_count(
        &self,
        program_id: i64,
        month: Month,
        hospital_id: Option<i64>,
    ) -> super::Result<usize> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM monthly_reports r JOIN claims c ON c.report_id = r.id
             WHERE r.program_id = ?1 AND r.month = ?2 AND (?3 IS NULL OR r.hospital_id = ?3)",
            rusqlite::params![program_id, month.code(), hospital_id],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}
