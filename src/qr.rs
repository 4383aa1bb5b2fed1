//! QR codes for printed and on-screen 公示 notices, as standalone SVG.
//!
//! Drawn here from the module matrix rather than with the `qrcode` crate's own SVG
//! renderer, because the site's Content-Security-Policy forbids inline styles: every
//! colour is a `fill` attribute. One `<path>` of horizontal runs keeps files small
//! and sharp at any size.

use qrcode::{Color, EcLevel, QrCode};

use crate::problem::Problem;

/// Light modules around the code; the QR standard asks for four.
pub const QUIET_ZONE: usize = 4;

/// The dark/light modules of the code for `text` at error correction level M
/// (about 15 % of the code may be damaged or covered and still read), row by row
/// without the quiet zone, and the side length in modules.
pub fn qr_matrix(text: &str) -> Result<(usize, Vec<bool>), Problem> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| {
        Problem::new(
            format!("无法生成二维码（内容共 {} 字节）：{e}", text.len()),
            format!("cannot make a QR code of {} bytes: {e}", text.len()),
        )
    })?;
    let width = code.width();
    let modules = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
    Ok((width, modules))
}

/// The QR code of `text` as an SVG document with a quiet zone, a `viewBox` (so it
/// scales to whatever size a page gives it), crisp edges and a `<title>` naming the
/// encoded text for screen readers.
pub fn qr_svg(text: &str) -> Result<String, Problem> {
    let (width, modules) = qr_matrix(text)?;
    let side = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for y in 0..width {
        let row = &modules[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            path.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
        }
    }
    let title = escape_xml(text);
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" width=\"{px}\" height=\"{px}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-labelledby=\"qr-title\">\
         <title id=\"qr-title\">二维码 QR code: {title}</title>\
         <rect width=\"{side}\" height=\"{side}\" fill=\"#ffffff\"/>\
         <path fill=\"#000000\" d=\"{path}\"/></svg>\n",
        px = side * 4,
    ))
}

fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0 text at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paints the SVG's path (only the `M x y h n v1 h-n z` runs `qr_svg` writes)
    /// onto a grid of modules, with the quiet zone.
    fn paint(svg: &str) -> (usize, Vec<bool>) {
        let view = svg.split("viewBox=\"0 0 ").nth(1).unwrap().split(' ').next().unwrap();
        let side: usize = view.parse().unwrap();
        let d = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut grid = vec![false; side * side];
        for run in d.split('z').filter(|r| !r.is_empty()) {
            let run = run.strip_prefix('M').unwrap();
            let (xy, rest) = run.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let n: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            for i in x..x + n {
                grid[y * side + i] = true;
            }
        }
        (side, grid)
    }

    fn decode(svg: &str) -> String {
        let (side, grid) = paint(svg);
        let scale = 6;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
            if grid[(y / scale) * side + x / scale] { 0 } else { 255 }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code in the picture");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn round_trips_through_a_decoder() {
        for text in [
            "index.html#/verify?bundle=draws/demo-2026001-bundle.json",
            "https://example.gov.cn/fairdraw/index.html#/publication?c=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "公示 双随机、一公开",
        ] {
            let svg = qr_svg(text).unwrap();
            assert_eq!(decode(&svg), text);
        }
    }

    #[test]
    fn is_error_correction_m_with_a_quiet_zone() {
        let text = "index.html#/verify?bundle=draws/demo-2026001-bundle.json";
        let (width, modules) = qr_matrix(text).unwrap();
        assert_eq!(modules.len(), width * width);
        let svg = qr_svg(text).unwrap();
        let (side, grid) = paint(&svg);
        assert_eq!(side, width + 2 * QUIET_ZONE);
        for y in 0..side {
            for x in 0..side {
                let inside = (QUIET_ZONE..QUIET_ZONE + width).contains(&x) && (QUIET_ZONE..QUIET_ZONE + width).contains(&y);
                let expected = inside && modules[(y - QUIET_ZONE) * width + (x - QUIET_ZONE)];
                assert_eq!(grid[y * side + x], expected, "module {x},{y}");
            }
        }
        let decoded = {
            let scale = 4;
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
                if grid[(y / scale) * side + x / scale] { 0 } else { 255 }
            });
            img.detect_grids()[0].decode().unwrap().0
        };
        assert_eq!(decoded.ecc_level, 0, "level M is 0 in the format bits");
    }

    #[test]
    fn obeys_the_site_rules() {
        let svg = qr_svg("a<b>&\"c'").unwrap();
        assert!(svg.contains("shape-rendering=\"crispEdges\""));
        assert!(svg.contains("viewBox=\"0 0 "));
        assert!(svg.contains("<title id=\"qr-title\">二维码 QR code: a&lt;b&gt;&amp;&quot;c&apos;</title>"));
        assert!(!svg.contains("style"), "the CSP forbids inline styles");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }

    #[test]
    fn too_long_is_a_problem_not_a_panic() {
        let p = qr_svg(&"x".repeat(5000)).unwrap_err();
        assert!(p.text.zh.contains("二维码") && p.text.en.contains("QR code"), "{p}");
    }
}
