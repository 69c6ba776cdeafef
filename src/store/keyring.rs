//! Encryption at rest: the master key the database is encrypted with (SQLCipher),
//! the recovery code it comes from, and the key file of per-user slots that
//! unwrap it at sign-in. ARCHITECTURE.md describes the design.

pub mod base32;
mod file;
mod mac;
mod secret;

pub use file::{Guard, KeyFile, KeyFileError, PendingEvent, key_file_path};
pub use mac::{MacKey, MacStream, Purpose};
pub use secret::{
    KdfParams, MasterKey, RECOVERY_SYMBOLS, RecoveryCode, SecretError, Slot, spend_one_check,
};
