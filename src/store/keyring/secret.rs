//! The secrets themselves: the database's master key, the recovery code it is
//! derived from, and the key slots that wrap it under each user's password.
//!
//! Everything cryptographic comes from maintained RustCrypto crates: argon2id
//! (`argon2`) turns a password or the recovery code into a key, and
//! ChaCha20-Poly1305 (`chacha20poly1305`) wraps the master key; random bytes come
//! from the operating system (`getrandom`). Secrets are wiped from memory when
//! dropped (`zeroize`).

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

/// Symbols in a recovery code: 30 × 5 bits = 150 random bits.
pub const RECOVERY_SYMBOLS: usize = 30;
/// Symbols per group as the code is printed (XXXXX-XXXXX-…).
const GROUP: usize = 5;

/// The argon2id salt of the recovery code. The code carries 150 random bits, so a
/// per-file salt would add nothing against guessing it; a fixed one keeps the
/// code alone enough to open the database and every backup.
const RECOVERY_SALT: &[u8] = b"medfund recovery code v1";

/// The error of this module: what the caller says to the user.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("恢复密钥应为 {RECOVERY_SYMBOLS} 位字母或数字（可带短横线），现为 {0} 位")]
    RecoveryLength(usize),
    #[error("恢复密钥含有无效字符「{0}」")]
    RecoveryChar(char),
    #[error("无法取得系统随机数：{0}")]
    Random(String),
    #[error("密钥计算失败：{0}")]
    Kdf(String),
}

fn random_bytes<const N: usize>() -> Result<[u8; N], SecretError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| SecretError::Random(e.to_string()))?;
    Ok(out)
}

/// The 256-bit key SQLCipher encrypts every page with.
#[derive(Clone, PartialEq, Eq)]
pub struct MasterKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

impl MasterKey {
    /// The key's bytes, for deriving the MAC keys (`keyring::mac`).
    pub(super) fn bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// The value of `PRAGMA key` for a raw key: `x'…'` in hex, so that SQLCipher
    /// uses the key as given instead of deriving one from a passphrase.
    pub fn pragma_value(&self) -> Zeroizing<String> {
        let mut text = String::with_capacity(67);
        text.push_str("x'");
        for b in self.0.iter() {
            text.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            text.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
        }
        text.push('\'');
        Zeroizing::new(text)
    }
}

/// argon2id with the crate's recommended cost (19 MiB, two passes), into 32 bytes.
fn derive(
    secret: &[u8],
    salt: &[u8],
    params: &KdfParams,
) -> Result<Zeroizing<[u8; 32]>, SecretError> {
    let params = Params::new(params.m_kib, params.t, params.p, Some(32))
        .map_err(|e| SecretError::Kdf(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret, salt, out.as_mut())
        .map_err(|e| SecretError::Kdf(e.to_string()))?;
    Ok(out)
}

/// The argon2id cost a slot was made with, kept beside it so that a later version
/// may raise the cost without losing older slots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        Self {
            m_kib: Params::DEFAULT_M_COST,
            t: Params::DEFAULT_T_COST,
            p: Params::DEFAULT_P_COST,
        }
    }
}

/// The 恢复密钥: 30 random symbols that the master key is derived from. Shown once
/// when a database is created, printed and kept in the safe; with it the
/// database and every backup open when every password is lost.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(Zeroizing<String>);

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

impl RecoveryCode {
    /// A new code from the operating system's random numbers.
    pub fn generate() -> Result<Self, SecretError> {
        let bytes = Zeroizing::new(random_bytes::<RECOVERY_SYMBOLS>()?);
        // 256 is a multiple of 32: the low five bits of each byte are uniform.
        let code = bytes.iter().map(|b| super::base32::symbol(*b)).collect();
        Ok(Self(Zeroizing::new(code)))
    }

    /// A code as someone typed it: case, spaces and dashes do not matter, and the
    /// letters I, L, O and U are read as 1, 1, 0 and V.
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let mut code = Zeroizing::new(String::with_capacity(RECOVERY_SYMBOLS));
        for c in text.chars() {
            match super::base32::read(c) {
                Ok(Some(symbol)) => code.push(symbol),
                Ok(None) => {}
                Err(bad) => return Err(SecretError::RecoveryChar(bad)),
            }
        }
        let n = code.chars().count();
        if n != RECOVERY_SYMBOLS {
            return Err(SecretError::RecoveryLength(n));
        }
        Ok(Self(code))
    }

    /// The code in groups of five, as printed: `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`.
    pub fn grouped(&self) -> Zeroizing<String> {
        let mut out = String::with_capacity(RECOVERY_SYMBOLS + RECOVERY_SYMBOLS / GROUP);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % GROUP == 0 {
                out.push('-');
            }
            out.push(c);
        }
        Zeroizing::new(out)
    }

    /// The master key this code opens.
    pub fn master_key(&self) -> Result<MasterKey, SecretError> {
        derive(self.0.as_bytes(), RECOVERY_SALT, &KdfParams::default()).map(MasterKey)
    }
}

/// One user's copy of the master key, wrapped under a key derived from their
/// password. Kept in the key file; a password change replaces only this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub username: String,
    pub kdf: KdfParams,
    #[serde(with = "hex_bytes")]
    pub salt: Vec<u8>,
    #[serde(with = "hex_bytes")]
    pub nonce: Vec<u8>,
    /// The master key encrypted and authenticated (ChaCha20-Poly1305), with the
    /// user name as associated data so that a slot cannot be moved to another name.
    #[serde(with = "hex_bytes")]
    pub wrapped: Vec<u8>,
}

fn associated(username: &str) -> Vec<u8> {
    [b"medfund slot v1:".as_slice(), username.as_bytes()].concat()
}

fn cipher(password: &str, salt: &[u8], kdf: &KdfParams) -> Result<ChaCha20Poly1305, SecretError> {
    let kek = derive(password.as_bytes(), salt, kdf)?;
    Ok(ChaCha20Poly1305::new(Key::from_slice(kek.as_ref())))
}

impl Slot {
    /// Wrap `key` under `password` for `username`, with a fresh salt and nonce.
    pub fn wrap(username: &str, password: &str, key: &MasterKey) -> Result<Self, SecretError> {
        let kdf = KdfParams::default();
        let salt = random_bytes::<16>()?;
        let nonce = random_bytes::<12>()?;
        let wrapped = cipher(password, &salt, &kdf)?
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: key.0.as_ref(),
                    aad: &associated(username),
                },
            )
            .map_err(|_| SecretError::Kdf("加密失败".into()))?;
        Ok(Self {
            username: username.to_owned(),
            kdf,
            salt: salt.to_vec(),
            nonce: nonce.to_vec(),
            wrapped,
        })
    }

    /// The master key, when `password` is this slot's; `None` for any other
    /// password (or a slot that was tampered with).
    pub fn unwrap_key(&self, password: &str) -> Result<Option<MasterKey>, SecretError> {
        if self.nonce.len() != 12 {
            return Ok(None);
        }
        let opened = cipher(password, &self.salt, &self.kdf)?.decrypt(
            Nonce::from_slice(&self.nonce),
            Payload {
                msg: &self.wrapped,
                aad: &associated(&self.username),
            },
        );
        let Ok(mut plain) = opened else {
            return Ok(None);
        };
        let key = <[u8; 32]>::try_from(plain.as_slice()).ok();
        plain.zeroize();
        Ok(key.map(|k| MasterKey(Zeroizing::new(k))))
    }
}

/// Spend the time of one slot check when there is no slot to check (an unknown
/// user name), so that the answer takes as long as for a wrong password.
pub fn spend_one_check(password: &str) {
    let _ = derive(
        password.as_bytes(),
        b"medfund no such user",
        &KdfParams::default(),
    );
}

/// Bytes as lower-case hex in the key file.
mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        hex::decode(text).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_code_reads_back_however_it_is_typed() {
        let code = RecoveryCode::generate().unwrap();
        let printed = code.grouped();
        assert_eq!(printed.len(), 35);
        assert_eq!(printed.matches('-').count(), 5);
        let typed = printed.to_lowercase().replace('-', " ");
        assert_eq!(RecoveryCode::parse(&typed).unwrap(), code);
        assert_eq!(
            RecoveryCode::parse("ILOU0-00000-00000-00000-00000-00000").unwrap(),
            RecoveryCode::parse("110V0000000000000000000000000 0").unwrap()
        );
    }

    #[test]
    fn a_mistyped_recovery_code_is_named() {
        assert_eq!(
            RecoveryCode::parse("ABC").unwrap_err().to_string(),
            "恢复密钥应为 30 位字母或数字（可带短横线），现为 3 位"
        );
        assert_eq!(
            RecoveryCode::parse("ABCDE-FGHJK-MNPQR-STVWX-YZ012-3456*")
                .unwrap_err()
                .to_string(),
            "恢复密钥含有无效字符「*」"
        );
    }

    #[test]
    fn two_codes_give_two_keys_and_one_code_always_the_same() {
        let a = RecoveryCode::generate().unwrap();
        let b = RecoveryCode::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.master_key().unwrap(), a.master_key().unwrap());
        assert_ne!(a.master_key().unwrap(), b.master_key().unwrap());
        let pragma = a.master_key().unwrap().pragma_value();
        assert_eq!(pragma.len(), 67);
        assert!(pragma.starts_with("x'") && pragma.ends_with('\''));
    }

    #[test]
    fn a_slot_opens_with_its_password_and_for_its_user_only() {
        let key = RecoveryCode::generate().unwrap().master_key().unwrap();
        let slot = Slot::wrap("jingban", "Clerk#2026", &key).unwrap();
        assert_eq!(slot.unwrap_key("Clerk#2026").unwrap(), Some(key.clone()));
        assert_eq!(slot.unwrap_key("clerk#2026").unwrap(), None);
        let moved = Slot {
            username: "shenhe".into(),
            ..slot.clone()
        };
        assert_eq!(moved.unwrap_key("Clerk#2026").unwrap(), None);
        let again = Slot::wrap("jingban", "Clerk#2026", &key).unwrap();
        assert_ne!(again.salt, slot.salt);
        assert_ne!(again.wrapped, slot.wrapped);
    }
}
