//! Bundles published as `.json.gz`: gzip recognised by its first two bytes, whatever
//! the address or the server's Content-Type says, and inflated here where the browser
//! has no `DecompressionStream` (the browser's own is used where it has one) and by
//! the command line.

/// The two bytes every gzip file starts with (RFC 1952).
pub const MAGIC: [u8; 2] = [0x1f, 0x8b];

pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// Why gzip bytes could not be inflated: the words for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corrupt {
    /// The header is cut short or not a deflate header.
    Header,
    /// The compressed data breaks off or is not deflate.
    Data,
    /// Inflated, but the length or checksum stored at the end differs: bytes changed.
    Checksum,
    /// It would inflate past `limit` bytes.
    TooLarge { limit: usize },
}

impl Corrupt {
    /// What went wrong, in Chinese and English, for a file the reader must fetch again.
    pub fn words(&self) -> (&'static str, &'static str) {
        match self {
            Corrupt::TooLarge { .. } => ("解压后超过大小上限", "it decompresses past the size limit"),
            Corrupt::Header | Corrupt::Data => ("压缩内容已损坏或不完整", "its compressed content is damaged or incomplete"),
            Corrupt::Checksum => (
                "解压后的内容与文件记录的校验值不符，文件已被改动或损坏",
                "what it decompresses to does not match the checksum the file records: it was changed or damaged",
            ),
        }
    }
}

/// Inflates one gzip member whose trailer ends the bytes, refusing output past `limit`.
pub fn gunzip(bytes: &[u8], limit: usize) -> Result<Vec<u8>, Corrupt> {
    let start = header_len(bytes).ok_or(Corrupt::Header)?;
    let end = bytes.len().checked_sub(8).filter(|&end| end >= start).ok_or(Corrupt::Data)?;
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes[start..end], limit).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => Corrupt::TooLarge { limit },
        _ => Corrupt::Data,
    })?;
    let stored = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    if stored(end) != crate::archive::crc32(&out) || stored(end + 4) != out.len() as u32 {
        return Err(Corrupt::Checksum);
    }
    Ok(out)
}

/// The length of the member's header, with its optional fields (RFC 1952 §2.3).
fn header_len(bytes: &[u8]) -> Option<usize> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    if !is_gzip(bytes) || bytes.get(2) != Some(&8) {
        return None;
    }
    let flags = *bytes.get(3)?;
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let len = u16::from_le_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]) as usize;
        at += 2 + len;
    }
    for field in [FNAME, FCOMMENT] {
        if flags & field != 0 {
            at += bytes.get(at..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    (at <= bytes.len()).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::crc32;

    /// Gzip made by another encoder, with a file name in its header as gzip(1) writes.
    fn gzip_named(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::GzBuilder::new().filename("2026-001.json").write(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut enc, bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn crc32_of_the_check_string() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn only_the_magic_bytes_make_gzip() {
        assert!(is_gzip(&[0x1f, 0x8b, 8]));
        assert!(!is_gzip(b"{\"format\":2}"));
        assert!(!is_gzip(&[0x1f]));
    }

    #[test]
    fn inflates_what_another_encoder_wrote() {
        let text = "{\"format\":2,\"公示\":\"抽查\"}\n".repeat(300);
        let gz = gzip_named(text.as_bytes());
        assert_eq!(header_len(&gz), Some(10 + "2026-001.json".len() + 1));
        assert_eq!(gunzip(&gz, 1 << 20).unwrap(), text.as_bytes());
        assert_eq!(gunzip(&gz, 100), Err(Corrupt::TooLarge { limit: 100 }));
    }

    #[test]
    fn corrupt_and_truncated_gzip_is_refused_without_panicking() {
        assert_eq!(gunzip(&MAGIC, 1 << 20), Err(Corrupt::Header));
        assert_eq!(gunzip(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3], 1 << 20), Err(Corrupt::Data));
        assert_eq!(gunzip(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0], 1 << 20), Err(Corrupt::Data));
        let gz = gzip_named(b"{\"format\":2}");
        for cut in 0..gz.len() {
            assert!(gunzip(&gz[..cut], 1 << 20).is_err(), "cut at {cut}");
        }
        let mut changed = gz.clone();
        let middle = changed.len() / 2;
        changed[middle] ^= 0xff;
        assert!(matches!(gunzip(&changed, 1 << 20), Err(Corrupt::Data | Corrupt::Checksum)));
        let mut wrong_crc = gz;
        let crc_at = wrong_crc.len() - 8;
        wrong_crc[crc_at] ^= 1;
        assert_eq!(gunzip(&wrong_crc, 1 << 20), Err(Corrupt::Checksum));
    }
}
