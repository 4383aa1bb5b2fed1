//! What an old binary .xls must not claim before the workbook reader opens it.
//!
//! The reader (calamine) sizes several buffers from numbers in the file itself —
//! the compound file's table lengths, a sheet's DIMENSIONS record — before it has
//! read what they describe. A forged number asks for terabytes, and a failed
//! allocation ends the process rather than returning an error: no importer may
//! take that from a file. So the numbers are held to what the file's own size
//! allows first, and a file that claims more is refused as damaged.

/// Bytes of a compound file's header, and of each sector after it (version 3, the
/// layout Excel writes .xls files in).
const SECTOR: usize = 512;
/// Bytes of a sector of the mini stream, where streams under 4096 bytes live.
const MINI_SECTOR: usize = 64;
const MINI_STREAM_CUTOFF: usize = 4096;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector numbers from here up are markers, not sectors.
const FIRST_MARKER: u32 = 0xFFFF_FFFA;
const DIRECTORY_ENTRY: usize = 128;

/// Cells a sheet may claim to span. An .xls sheet has at most 65,536 rows and 256
/// columns, but the reader reserves room for every cell of the claimed range at
/// once; a directory of that size is a few hundred thousand cells.
const MAX_CLAIMED_CELLS: usize = 4_000_000;

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// Why the compound file cannot be handed to the reader, in English for the
/// damaged-file message, or `None` when every table, chain and range it claims is
/// within the file.
pub(crate) fn implausible(bytes: &[u8]) -> Option<&'static str> {
    let book = match Compound::read(bytes) {
        Ok(book) => book,
        Err(why) => return Some(why),
    };
    match ["Workbook", "Book", "WORKBOOK", "BOOK"].iter().find_map(|name| book.stream(name)) {
        Some(Ok(stream)) => sheets_implausible(&stream),
        Some(Err(why)) => Some(why),
        None => None,
    }
}

/// The tables of a compound file as the reader walks them, each checked first.
struct Compound<'a> {
    bytes: &'a [u8],
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
    /// (name, first sector, length) of each directory entry.
    entries: Vec<(String, u32, usize)>,
}

impl<'a> Compound<'a> {
    fn sectors(bytes: &[u8]) -> usize {
        bytes.len().saturating_sub(SECTOR) / SECTOR
    }

    fn sector(bytes: &'a [u8], id: u32) -> Option<&'a [u8]> {
        let start = SECTOR.checked_add((id as usize).checked_mul(SECTOR)?)?;
        bytes.get(start..start.checked_add(SECTOR)?)
    }

    /// `Err` with the reason, or the header's tables when they hold together.
    fn read(bytes: &'a [u8]) -> Result<Compound<'a>, &'static str> {
        if bytes.len() < SECTOR || u16_at(bytes, 30) != Some(9) || u16_at(bytes, 32) != Some(6) {
            return Err("not a compound file of 512-byte sectors");
        }
        let sectors = Compound::sectors(bytes);
        // The reader reserves room from these counts before reading what they count.
        let counts = [44, 64, 72].map(|at| u32_at(bytes, at).map_or(usize::MAX, |n| n as usize));
        if counts.iter().any(|n| *n > bytes.len()) {
            return Err("a table length larger than the file");
        }
        // It takes the DIFAT's length from offset 62, half of the mini FAT's first
        // sector and half of its length: in a real file some 65,000 entries or a few
        // times that, never the billions a forged one can ask for.
        const MOST_DIFAT_ENTRIES: u32 = 1 << 24;
        if u32_at(bytes, 62).is_none_or(|n| n > MOST_DIFAT_ENTRIES) {
            return Err("a table length larger than the file");
        }
        let mut difat: Vec<u32> = u32s(bytes.get(76..SECTOR).unwrap_or(&[])).collect();
        let mut next = u32_at(bytes, 68).unwrap_or(END_OF_CHAIN);
        let mut steps = 0;
        while next < FIRST_MARKER {
            steps += 1;
            let sector = Compound::sector(bytes, next).filter(|_| steps <= sectors).ok_or("a DIFAT chain that loops or leaves the file")?;
            difat.extend(u32s(sector));
            next = difat.pop().unwrap_or(END_OF_CHAIN);
        }
        let mut fat = Vec::new();
        for id in difat.into_iter().filter(|id| *id < 0xFFFF_FFFC) {
            fat.extend(u32s(Compound::sector(bytes, id).ok_or("a FAT sector beyond the file")?));
        }
        let mut book = Compound { bytes, fat, mini_fat: Vec::new(), mini_stream: Vec::new(), entries: Vec::new() };
        let directory = book.chain(u32_at(bytes, 48).unwrap_or(END_OF_CHAIN), usize::MAX).ok_or("a directory chain that loops or leaves the file")?;
        for entry in directory.chunks_exact(DIRECTORY_ENTRY) {
            let units = entry.get(..64).unwrap_or(&[]).chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]));
            let name: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .take_while(|c| *c != '\0')
                .collect();
            let start = u32_at(entry, 116).unwrap_or(END_OF_CHAIN);
            let len = u32_at(entry, 120).unwrap_or(0) as usize;
            book.entries.push((name, start, len));
        }
        let Some(&(_, root_start, root_len)) = book.entries.first() else { return Err("no root directory entry") };
        if u32_at(bytes, 64).unwrap_or(0) > 0 {
            book.mini_stream = book.chain(root_start, root_len).ok_or("a mini stream chain that loops or leaves the file")?;
            let mini_fat_len = (u32_at(bytes, 64).unwrap_or(0) as usize).saturating_mul(SECTOR);
            let mini_fat = book.chain(u32_at(bytes, 60).unwrap_or(END_OF_CHAIN), mini_fat_len).ok_or("a mini FAT chain that loops or leaves the file")?;
            book.mini_fat = u32s(&mini_fat).collect();
        }
        Ok(book)
    }

    /// The bytes of a chain of sectors from `start`, at most `len` of them, or `None`
    /// when it loops, leaves the file or names a sector the FAT does not have.
    fn chain(&self, start: u32, len: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > Compound::sectors(self.bytes) {
                return None;
            }
            let sector = Compound::sector(self.bytes, id)?;
            out.extend_from_slice(sector.get(..sector.len().min(len - out.len()))?);
            if out.len() >= len {
                break;
            }
            id = *self.fat.get(id as usize)?;
        }
        Some(out)
    }

    fn mini_chain(&self, start: u32, len: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > self.mini_stream.len() / MINI_SECTOR {
                return None;
            }
            let at = (id as usize).checked_mul(MINI_SECTOR)?;
            let sector = self.mini_stream.get(at..at.checked_add(MINI_SECTOR)?)?;
            out.extend_from_slice(sector.get(..sector.len().min(len - out.len()))?);
            if out.len() >= len {
                break;
            }
            id = *self.mini_fat.get(id as usize)?;
        }
        Some(out)
    }

    /// The stream named `name`, read as the reader reads it; `None` when there is
    /// none, `Err` when its chain does not hold together.
    fn stream(&self, name: &str) -> Option<Result<Vec<u8>, &'static str>> {
        let (_, start, len) = self.entries.iter().find(|(n, _, _)| n == name)?;
        let read = if *len < MINI_STREAM_CUTOFF { self.mini_chain(*start, *len) } else { self.chain(*start, *len) };
        Some(read.ok_or("a stream chain that loops or leaves the file"))
    }
}

/// The records of a BIFF stream from `at`, as the reader splits them: (type, data).
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> + '_ {
    let mut rest = stream.get(at..).unwrap_or(&[]);
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let len = usize::from(u16_at(rest, 2)?);
        let data = rest.get(4..4 + len)?;
        rest = rest.get(4 + len..)?;
        Some((typ, data))
    })
}

/// The records the reader reads at fixed offsets without checking their length
/// first, with the length each needs.
fn too_short(typ: u16, data: &[u8]) -> bool {
    const FILE_PASS: u16 = 0x002F;
    const CODE_PAGE: u16 = 0x0042;
    const DATE_MODE: u16 = 0x0022;
    const BOF: u16 = 0x0809;
    const EXTERN_SHEET: u16 = 0x0017;
    const BOUND_SHEET: u16 = 0x0085;
    const LABEL: u16 = 0x0018;
    const MERGE_CELLS: u16 = 0x00E5;
    match typ {
        FILE_PASS | CODE_PAGE | DATE_MODE | BOF | EXTERN_SHEET => data.len() < 2,
        BOUND_SHEET => data.len() < 6,
        LABEL => {
            let Some(&flags) = data.get(14) else { return true };
            let chars = usize::from(data[3]);
            data.len() < 15 + if flags & 1 == 1 { 2 * chars } else { chars }
        }
        MERGE_CELLS => u16_at(data, 0).is_none_or(|n| data.len() < 2 + 8 * usize::from(n)),
        _ => false,
    }
}

/// The workbook's records must be long enough for what the reader reads of them,
/// each sheet must start inside the stream, and no sheet may make the reader
/// reserve room for more than [`MAX_CLAIMED_CELLS`] cells, by its DIMENSIONS record
/// or by where its cells are.
fn sheets_implausible(stream: &[u8]) -> Option<&'static str> {
    const BOUND_SHEET: u16 = 0x0085;
    const EOF: u16 = 0x000A;
    let globals = || records(stream, 0).take_while(|(typ, _)| *typ != EOF);
    if globals().any(|(typ, data)| too_short(typ, data)) {
        return Some("a record shorter than its contents");
    }
    let mut sheets = globals().filter(|(typ, _)| *typ == BOUND_SHEET);
    sheets
        .try_for_each(|(_, data)| {
            let at = u32_at(data, 0).map_or(usize::MAX, |p| p as usize);
            if at > stream.len() {
                return Err("a sheet that starts beyond the workbook stream");
            }
            sheet_implausible(records(stream, at).take_while(|(typ, _)| *typ != EOF)).map_or(Ok(()), Err)
        })
        .err()
}

fn sheet_implausible<'a>(records: impl Iterator<Item = (u16, &'a [u8])>) -> Option<&'static str> {
    const DIMENSIONS: u16 = 0x0200;
    const MUL_RK: u16 = 0x00BD;
    // Number, Label, BoolErr, RK, LabelSst, Formula: the row, then the column.
    const CELLS: [u16; 6] = [0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006];
    let (mut rows, mut cols) = ((u16::MAX, 0u16), (u16::MAX, 0u16));
    for (typ, data) in records {
        if too_short(typ, data) {
            return Some("a record shorter than its contents");
        }
        if typ == DIMENSIONS && claimed_cells(data).is_some_and(|cells| cells > MAX_CLAIMED_CELLS) {
            return Some("a sheet range larger than an .xls sheet holds");
        }
        if CELLS.contains(&typ) || typ == MUL_RK {
            let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) else { continue };
            let last_col = if typ == MUL_RK { u16_at(data, data.len().saturating_sub(2)).unwrap_or(col).max(col) } else { col };
            rows = (rows.0.min(row), rows.1.max(row));
            cols = (cols.0.min(col), cols.1.max(last_col));
        }
    }
    let span = |(first, last): (u16, u16)| usize::from(last.saturating_sub(first)) + 1;
    (rows.0 <= rows.1 && span(rows).saturating_mul(span(cols)) > MAX_CLAIMED_CELLS).then_some("cells spread over more of a sheet than it holds")
}

/// The cells a DIMENSIONS record makes the reader reserve room for, computed as it
/// computes them (wrapping, as its release build does).
fn claimed_cells(data: &[u8]) -> Option<usize> {
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?), u32::from(u16_at(data, 4)?), u32::from(u16_at(data, 6)?)),
        14 => (u32_at(data, 0)?, u32_at(data, 4)?, u32::from(u16_at(data, 8)?), u32::from(u16_at(data, 10)?)),
        _ => return None,
    };
    let first_col = if first_col > 0xFF || last_col < first_col { 0 } else { first_col };
    if last_row == 0 || last_col == 0 {
        return Some(1);
    }
    let rows = (last_row - 1).wrapping_sub(first_row).wrapping_add(1) as usize;
    let cols = (last_col - 1).wrapping_sub(first_col).wrapping_add(1) as usize;
    Some(rows.saturating_mul(cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    const XLS: &[u8] = include_bytes!("../../tests/fixtures/import/enterprises_bureau.xls");

    fn forged(at: usize, value: u32) -> Vec<u8> {
        let mut b = XLS.to_vec();
        b[at..at + 4].copy_from_slice(&value.to_le_bytes());
        b
    }

    #[test]
    fn a_real_workbook_passes() {
        assert_eq!(implausible(XLS), None);
    }

    #[test]
    fn tables_chains_and_ranges_beyond_the_file_are_refused() {
        assert!(implausible(&XLS[..100]).is_some());
        assert!(implausible(&forged(44, 0x4000_0000)).is_some(), "FAT length");
        let directory = u32_at(XLS, 48).unwrap();
        let fat_sector = u32_at(XLS, 76).unwrap() as usize;
        let entry = SECTOR + fat_sector * SECTOR + directory as usize * 4;
        assert_eq!(implausible(&forged(entry, directory)).unwrap(), "a directory chain that loops or leaves the file");
        assert!(implausible(&forged(48, 5000)).is_some(), "directory beyond the file");
        // The last row before the first: the reader's subtraction wraps.
        let mut wraps = vec![0u8; 14];
        wraps[0..4].copy_from_slice(&5000u32.to_le_bytes());
        wraps[4..8].copy_from_slice(&3u32.to_le_bytes());
        wraps[10..12].copy_from_slice(&8u16.to_le_bytes());
        assert!(claimed_cells(&wraps).unwrap() > MAX_CLAIMED_CELLS);
        wraps[0..4].copy_from_slice(&0u32.to_le_bytes());
        wraps[4..8].copy_from_slice(&300u32.to_le_bytes());
        assert_eq!(claimed_cells(&wraps), Some(300 * 8));
    }
}
