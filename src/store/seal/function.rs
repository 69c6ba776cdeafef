//! `medfund_seal(…)`: the keyed MAC as an SQL function, registered on every
//! connection the app opens with the key of that database. The claim seals, the
//! month digests, the row seals, the audit chain and its head trigger all call it,
//! so the key never has to travel through the code that writes rows; the sqlite3
//! shell has no such function, and a row written there cannot be sealed.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

use crate::store::keyring::{MacKey, MacStream, MasterKey, Purpose};

/// Feed one SQL value into a MAC: a type tag, then its bytes, as one part.
fn feed(stream: &mut MacStream, value: ValueRef<'_>) {
    let mut buf = Vec::with_capacity(16);
    match value {
        ValueRef::Null => buf.push(0),
        ValueRef::Integer(n) => {
            buf.push(1);
            buf.extend_from_slice(&n.to_le_bytes());
        }
        ValueRef::Real(x) => {
            buf.push(2);
            buf.extend_from_slice(&x.to_bits().to_le_bytes());
        }
        ValueRef::Text(t) => {
            buf.push(3);
            buf.extend_from_slice(t);
        }
        ValueRef::Blob(b) => {
            buf.push(4);
            buf.extend_from_slice(b);
        }
    }
    stream.part(&buf);
}

/// Register `medfund_seal` on `conn`: the HMAC-SHA256, in lower-case hex, of its
/// arguments under the seal key derived from `master` (none for a plain file).
pub(crate) fn register(conn: &Connection, master: Option<&MasterKey>) -> rusqlite::Result<()> {
    let key = MacKey::derive(master, Purpose::Seal);
    conn.create_scalar_function(
        "medfund_seal",
        -1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        move |ctx| {
            let mut stream = key.stream();
            for i in 0..ctx.len() {
                feed(&mut stream, ctx.get_raw(i));
            }
            Ok(hex::encode(stream.finish()))
        },
    )
}
