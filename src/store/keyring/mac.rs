//! Keys for message authentication, derived from the master key: the row seals and
//! the audit chain (`Purpose::Seal`) and the 核验码 on printed documents
//! (`Purpose::Verify`). HMAC-SHA256 (RustCrypto's `hmac`): whoever can read the
//! database's rows but has neither a password nor the recovery code cannot make a
//! seal that passes.
//!
//! A plain database from before encryption has no master key; its MACs use a fixed
//! all-zero key (so they catch accidents, not forgery) until it is encrypted, when
//! everything is sealed again under the real key.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::MasterKey;

type HmacSha256 = Hmac<Sha256>;

/// What a derived key is for; each purpose gets its own key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Row seals, month digests and the audit chain.
    Seal,
    /// The 核验码 printed on exported documents.
    Verify,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::Seal => b"medfund mac key v1: seal",
            Purpose::Verify => b"medfund mac key v1: verify",
        }
    }
}

/// A 256-bit HMAC key for one purpose.
#[derive(Clone)]
pub struct MacKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for MacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MacKey(…)")
    }
}

impl MacKey {
    /// The key for `purpose`: HMAC-SHA256 of the purpose's label under the master
    /// key (HKDF's expand step with a single block), or under the all-zero key for
    /// a plain database.
    pub fn derive(master: Option<&MasterKey>, purpose: Purpose) -> Self {
        let zero = [0u8; 32];
        let ikm: &[u8] = master.map_or(&zero, |m| m.bytes());
        let mut out = Zeroizing::new([0u8; 32]);
        out.copy_from_slice(&mac_of(ikm, &[purpose.label()]));
        Self(out)
    }

    /// The MAC over `parts`, each length-prefixed so that no two different lists
    /// of parts give the same input.
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        mac_of(self.0.as_ref(), parts)
    }

    /// A streaming MAC for long inputs (a whole table).
    pub fn stream(&self) -> MacStream {
        MacStream(new_mac(self.0.as_ref()))
    }
}

/// A MAC fed part by part, each part length-prefixed as in [`MacKey::mac`].
pub struct MacStream(HmacSha256);

impl MacStream {
    pub fn part(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    pub fn finish(self) -> [u8; 32] {
        self.0.finalize().into_bytes().into()
    }
}

fn new_mac(key: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length; this cannot fail.
    match HmacSha256::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    }
}

fn mac_of(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut s = MacStream(new_mac(key));
    for p in parts {
        s.part(p);
    }
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_and_masters_give_different_keys() {
        let a = MacKey::derive(None, Purpose::Seal).mac(&[b"x"]);
        let b = MacKey::derive(None, Purpose::Verify).mac(&[b"x"]);
        assert_ne!(a, b);
        let code = crate::demo::demo_recovery_code().unwrap();
        let master = code.master_key().unwrap();
        let c = MacKey::derive(Some(&master), Purpose::Seal).mac(&[b"x"]);
        assert_ne!(a, c);
        // The parts are length-prefixed: "ab" + "c" is not "a" + "bc".
        let k = MacKey::derive(None, Purpose::Seal);
        assert_ne!(k.mac(&[b"ab", b"c"]), k.mac(&[b"a", b"bc"]));
        let mut s = k.stream();
        s.part(b"ab");
        s.part(b"c");
        assert_eq!(s.finish(), k.mac(&[b"ab", b"c"]));
    }

    #[test]
    fn matches_rfc_4231_case_2() {
        // HMAC-SHA256 with key "Jefe": the crate is the standard construction.
        let mut m = new_mac(b"Jefe");
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(m.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
