//! A ZIP archive of stored (uncompressed) files, so that what the site publishes
//! can leave the browser as one download and be unpacked by any operating system's
//! own tool. Stored entries need no compression library; the files are small JSON
//! and SVG texts. Pure: the caller saves the bytes.

/// One file of an archive: its path (with `/` between folders) and its bytes.
pub struct ArchiveFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The archive's bytes (APPNOTE 6.3: local headers, data, central directory, end
/// record). Names are UTF-8 (flag bit 11) so that Chinese file names unpack as such.
/// Every entry is dated 1980-01-01 00:00, the format's first day, so that the same
/// files always give the same archive.
pub fn zip(files: &[ArchiveFile]) -> Result<Vec<u8>, crate::problem::Problem> {
    let too_big = || crate::problem::Problem::new("要打包的文件太多或太大（超过 4 GB）", "too many or too large files to pack (over 4 GB)");
    let mut out = Vec::new();
    let mut central = Vec::new();
    for f in files {
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        let size = u32::try_from(f.bytes.len()).map_err(|_| too_big())?;
        let name_len = u16::try_from(f.path.len()).map_err(|_| too_big())?;
        let crc = crc32(&f.bytes);
        // Version 2.0, UTF-8 names, stored, DOS time 00:00 and date 1980-01-01.
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes());
            v.extend_from_slice(&(1u16 << 11).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(&((1 << 5) | 1u16).to_le_bytes());
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&name_len.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(f.path.as_bytes());
        out.extend_from_slice(&f.bytes);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        common(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(f.path.as_bytes());
    }
    let entries = u16::try_from(files.len()).map_err(|_| too_big())?;
    let central_at = u32::try_from(out.len()).map_err(|_| too_big())?;
    let central_len = u32::try_from(central.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // this disk, the central directory's disk
    out.extend_from_slice(&entries.to_le_bytes());
    out.extend_from_slice(&entries.to_le_bytes());
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
}

/// CRC-32 (ISO 3309, reflected, polynomial 0xEDB88320), as ZIP and gzip check their contents.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_the_check_string() {
        // The CRC-32 catalogue's check value for "123456789".
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }
}
