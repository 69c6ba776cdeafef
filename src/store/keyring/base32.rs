//! Crockford's base 32, the symbols of the recovery code and of the 核验码 on
//! printed documents: digits and capitals without I, L, O and U, which are read as
//! 1, 1, 0 and V when typed back, so that a code copied from paper by hand still
//! reads.

/// The 32 symbols, in value order.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The symbol of the low five bits of `value`.
pub fn symbol(value: u8) -> char {
    char::from(ALPHABET[usize::from(value & 31)])
}

/// The first `count` symbols of `bytes` read as a big-endian bit string (five bits
/// a symbol; `bytes` must hold `count × 5` bits).
pub fn encode(bytes: &[u8], count: usize) -> String {
    (0..count)
        .map(|i| {
            let bit = i * 5;
            let (byte, shift) = (bit / 8, bit % 8);
            let hi = u16::from(bytes.get(byte).copied().unwrap_or(0));
            let lo = u16::from(bytes.get(byte + 1).copied().unwrap_or(0));
            let window = (hi << 8 | lo) >> (11 - shift);
            symbol((window & 31) as u8)
        })
        .collect()
}

/// What one typed character is: `Ok(None)` for a separator (space, tab, dash),
/// `Ok(Some(symbol))` for a symbol (case and the look-alikes I, L, O, U forgiven),
/// `Err(c)` for anything else.
pub fn read(c: char) -> Result<Option<char>, char> {
    match c.to_ascii_uppercase() {
        ' ' | '-' | '\t' | '\u{3000}' => Ok(None),
        'I' | 'L' => Ok(Some('1')),
        'O' => Ok(Some('0')),
        'U' => Ok(Some('V')),
        u if u.is_ascii() && ALPHABET.contains(&(u as u8)) => Ok(Some(u)),
        _ => Err(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_bits_in_order_and_reads_look_alikes() {
        // 0b00001_00010_00011_... : 0x08 0x86 → 1, 2, 3 (then zero padding).
        assert_eq!(encode(&[0x08, 0x86, 0x00], 3), "123");
        assert_eq!(encode(&[0xff; 8], 12), "ZZZZZZZZZZZZ");
        assert_eq!(read('o'), Ok(Some('0')));
        assert_eq!(read('l'), Ok(Some('1')));
        assert_eq!(read('-'), Ok(None));
        assert_eq!(read('*'), Err('*'));
    }
}
