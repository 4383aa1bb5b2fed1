//! 统一社会信用代码 (unified social credit code), GB 32100-2015.

/// The 31 characters a code may use (no I, O, Z, S, V), in value order.
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1..=17 (3^(i-1) mod 31).
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters of a code, or `None` when one of
/// them is not in [`ALPHABET`].
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        sum += value_of(b)? * WEIGHTS[i];
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize] as char)
}

/// Why a string is not a valid 统一社会信用代码.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsccError {
    Length(usize),
    BadCharacter { position: usize, found: char },
    CheckCharacter { expected: char, found: char },
}

impl UsccError {
    pub fn text(&self) -> crate::problem::Text {
        crate::problem::Text::new(self.zh(), self.en())
    }

    pub fn zh(&self) -> String {
        match *self {
            UsccError::Length(n) => format!("统一社会信用代码应为 18 位，实际为 {n} 位"),
            UsccError::BadCharacter { position, found } => {
                format!("统一社会信用代码第 {position} 位“{found}”不是允许的字符（不含 I、O、Z、S、V）")
            }
            UsccError::CheckCharacter { expected, found } => {
                format!("统一社会信用代码校验位错误：应为“{expected}”，实际为“{found}”")
            }
        }
    }
    pub fn en(&self) -> String {
        match *self {
            UsccError::Length(n) => format!("a unified social credit code has 18 characters, this one has {n}"),
            UsccError::BadCharacter { position, found } => {
                format!("character {position} “{found}” is not allowed in a unified social credit code (no I, O, Z, S, V)")
            }
            UsccError::CheckCharacter { expected, found } => {
                format!("wrong check character: expected “{expected}”, found “{found}”")
            }
        }
    }
}

/// Checks an already upper-cased, trimmed code.
pub fn validate(code: &str) -> Result<(), UsccError> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(UsccError::Length(chars.len()));
    }
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii() || value_of(c as u8).is_none() {
            return Err(UsccError::BadCharacter { position: i + 1, found: c });
        }
    }
    let expected = check_char(&code[..17]).expect("all characters checked above");
    if chars[17] != expected {
        return Err(UsccError::CheckCharacter { expected, found: chars[17] });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Codes published by their holders (business licences shown on their websites).
    #[test]
    fn real_codes_validate() {
        for code in ["91350100M000100Y43", "91110108551385082Q", "91440300708461136T"] {
            assert_eq!(validate(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        let mut w = 1u32;
        for expected in WEIGHTS {
            assert_eq!(w, expected);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn rejects_each_kind_of_error() {
        assert_eq!(validate("91350100M000100Y4"), Err(UsccError::Length(17)));
        assert_eq!(validate("91350100M000100I43"), Err(UsccError::BadCharacter { position: 16, found: 'I' }));
        assert_eq!(
            validate("91350100M000100Y44"),
            Err(UsccError::CheckCharacter { expected: '3', found: '4' })
        );
    }
}
