//! A directory's firms as they cross from the import worker to the page and are kept
//! in the browser's draft: each text as its length and its UTF-8 bytes, the members
//! in a fixed order. As JSON, a city's directory took seconds to write and again to
//! read, in WebAssembly; this is what the page then waited for.
//!
//! A draft outlives the version of the site that wrote it, and it marks its firms
//! with the version of this encoding (`project::FIRMS_FIRST`). Any change here is a
//! new version there, with a reader kept for drafts written under the old one;
//! `a_draft_written_now_reads_later` holds the present encoding to bytes written out.

use std::collections::BTreeMap;

use fairdraw::model::Enterprise;

/// The firms, in order: their count, then each firm ([`put_firm`]).
pub fn encode(firms: &[Enterprise]) -> Vec<u8> {
    let mut out = Vec::with_capacity(firms.len() * 160);
    put_len(&mut out, firms.len());
    for firm in firms {
        put_firm(&mut out, firm);
    }
    out
}

/// One firm, after the count that [`encode`] writes first.
pub fn put_firm(out: &mut Vec<u8>, firm: &Enterprise) {
    // Every member named: a member added to Enterprise must be added here (and the
    // drafts' mark raised: see the module's note).
    let Enterprise { id, name, kind, industry, region, risk, flags, status, address, attrs } = firm;
    for text in [id, name, kind, industry, region, risk, status, address] {
        put(out, text);
    }
    put_len(out, flags.len());
    for flag in flags {
        put(out, flag);
    }
    put_len(out, attrs.len());
    for (key, value) in attrs {
        put(out, key);
        put(out, value);
    }
}

/// The firms of one [`encode`]d part, added to `into`; bytes that are not such a part
/// are a fault of the site, said so, and add nothing.
pub fn decode_into(bytes: &[u8], into: &mut Vec<Enterprise>) -> Result<(), String> {
    let (mut firms, used) = read_firms(bytes)?;
    if used != bytes.len() {
        return Err(format!("{} bytes after the last firm of a part", bytes.len() - used));
    }
    into.append(&mut firms);
    Ok(())
}

/// The firms [`encode`]d at the start of `bytes`, and how many bytes they took.
pub fn read_firms(bytes: &[u8]) -> Result<(Vec<Enterprise>, usize), String> {
    let mut r = Reader { bytes, at: 0 };
    let count = r.len()?;
    // Each firm takes at least 40 bytes: no count can reserve more than the part holds.
    let mut firms = Vec::with_capacity(count.min(bytes.len() / 40));
    for _ in 0..count {
        let [id, name, kind, industry, region, risk, status, address] = [(); 8].map(|()| r.text());
        let flags = (0..r.len()?).map(|_| r.text()).collect::<Result<Vec<_>, _>>()?;
        let attrs = (0..r.len()?).map(|_| Ok((r.text()?, r.text()?))).collect::<Result<BTreeMap<_, _>, String>>()?;
        firms.push(Enterprise {
            id: id?,
            name: name?,
            kind: kind?,
            industry: industry?,
            region: region?,
            risk: risk?,
            flags,
            status: status?,
            address: address?,
            attrs,
        });
    }
    Ok((firms, r.at))
}

/// A count, as [`encode`] writes the firms' first.
pub fn put_len(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(&(len as u32).to_le_bytes());
}

fn put(out: &mut Vec<u8>, text: &str) {
    put_len(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let taken = self.at.checked_add(n).and_then(|end| self.bytes.get(self.at..end)).ok_or("a part of the firms ends early")?;
        self.at += n;
        Ok(taken)
    }

    fn len(&mut self) -> Result<usize, String> {
        let raw: [u8; 4] = self.take(4)?.try_into().map_err(|_| "a length of four bytes")?;
        Ok(u32::from_le_bytes(raw) as usize)
    }

    fn text(&mut self) -> Result<String, String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn firms() -> Vec<Enterprise> {
        let mut firms = fairdraw::demo::demo_inputs(300, 20).into_parts().1.enterprises;
        let odd = &mut firms[7];
        odd.name = "“引号”, \"quotes\", 换行\n and \u{0} and 𠀀".into();
        odd.flags = vec!["abnormal".into(), String::new()];
        odd.attrs = BTreeMap::from([("片区".to_string(), "东".to_string()), (String::new(), "空键".to_string())]);
        firms[8].address = String::new();
        firms
    }

    #[test]
    fn firms_come_back_as_they_were_sent() {
        let firms = firms();
        assert!(firms.iter().any(|f| !f.attrs.is_empty() && !f.flags.is_empty()));
        let mut back = vec![firms[0].clone()];
        decode_into(&encode(&firms[1..]), &mut back).unwrap();
        assert!(back == firms, "the firms taken back differ from those sent");
        decode_into(&encode(&[]), &mut back).unwrap();
        assert_eq!(back.len(), firms.len());
    }

    #[test]
    fn a_draft_written_now_reads_later() {
        let bytes = b"\x01\0\0\0\
            \x01\0\0\0A\x01\0\0\0B\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x06\0\0\0active\0\0\0\0\
            \x01\0\0\0\x01\0\0\0f\
            \x01\0\0\0\x01\0\0\0k\x01\0\0\0v";
        let firm = Enterprise {
            id: "A".into(),
            name: "B".into(),
            kind: String::new(),
            industry: String::new(),
            region: String::new(),
            risk: String::new(),
            flags: vec!["f".into()],
            status: "active".into(),
            address: String::new(),
            attrs: BTreeMap::from([("k".to_string(), "v".to_string())]),
        };
        let mut read = Vec::new();
        decode_into(bytes, &mut read).unwrap();
        assert_eq!(read, vec![firm.clone()]);
        assert_eq!(encode(&[firm]), bytes);
    }

    #[test]
    fn a_damaged_part_is_refused_whole_without_panic() {
        let bytes = encode(&firms());
        let mut into = Vec::new();
        for cut in [0, 3, 4, 5, 100, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode_into(&bytes[..cut], &mut into).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_into(&longer, &mut into).is_err());
        // A count or a length far beyond the part, and a text that is not UTF-8.
        assert!(decode_into(&[0xff, 0xff, 0xff, 0xff], &mut into).is_err());
        assert!(decode_into(&[1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], &mut into).is_err());
        assert!(decode_into(&[1, 0, 0, 0, 1, 0, 0, 0, 0xff], &mut into).is_err());
        assert!(into.is_empty(), "nothing of a refused part is kept");
        // Every prefix and every single changed byte of a small part: an answer, never a panic.
        let small = encode(&firms()[..2]);
        for cut in 0..small.len() {
            let _ = decode_into(&small[..cut], &mut Vec::new());
            let mut changed = small.clone();
            changed[cut] ^= 0x80;
            let _ = decode_into(&changed, &mut Vec::new());
        }
    }
}
