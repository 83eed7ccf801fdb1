//! Bytes -> `String`: charset from the BOM, the `Content-Type` header, `<meta charset>` /
//! `<meta http-equiv>`, else UTF-8 when the bytes are valid UTF-8, else windows-1252 (the WHATWG
//! fallback for unlabelled pages). Decoding goes through `encoding_rs`; bytes invalid in the
//! chosen encoding become U+FFFD, so the result is always valid UTF-8.

use encoding_rs::Encoding;

fn label_after_charset(s: &[u8]) -> Option<&'static Encoding> {
    let lower = s.to_ascii_lowercase();
    let pos = lower.windows(7).position(|w| w == b"charset")?;
    let rest = &s[pos + 7..];
    let rest = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != b'=' && *b != b'"' && *b != b'\'')
        .map(|i| &rest[i..])?;
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

/// The charset a `<meta>` in the first 4 KiB declares.
fn sniff_meta(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].windows(5).position(|w| w == b"<meta") {
        let start = from + i;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        if let Some(enc) = label_after_charset(&head[start..end]) {
            return Some(enc);
        }
        from = end.min(lower.len());
        if from >= lower.len() {
            break;
        }
    }
    None
}

/// Decode a fetched body to text, losslessly when the charset is known or detectable.
pub fn decode(body: &[u8], content_type: Option<&str>) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(body) {
        let (text, _) = enc.decode_without_bom_handling(&body[bom_len..]);
        return text.into_owned();
    }
    let declared = content_type
        .and_then(|ct| label_after_charset(ct.as_bytes()))
        .or_else(|| sniff_meta(body));
    let enc = match declared {
        // A page that says UTF-16 in ASCII-compatible bytes is not UTF-16.
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        Some(e) => e,
        None if std::str::from_utf8(body).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    };
    // Declared UTF-8 that is not: fall back to windows-1252 rather than lose characters.
    if enc == encoding_rs::UTF_8 {
        if let Ok(s) = std::str::from_utf8(body) {
            return s.to_string();
        }
        if declared.is_none() {
            return encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(body)
                .0
                .into_owned();
        }
    }
    enc.decode_without_bom_handling(body).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_charset_wins() {
        assert_eq!(
            decode(b"caf\xe9", Some("text/html; charset=ISO-8859-1")),
            "café"
        );
    }

    #[test]
    fn meta_charset_is_sniffed() {
        let html = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8</body>";
        assert!(decode(html, None).contains("При"));
        let html =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">\xf0\xd2\xc9";
        assert!(decode(html, None).ends_with("При"));
    }

    #[test]
    fn bom_and_plain_utf8() {
        assert_eq!(decode(b"\xef\xbb\xbfhi \xe2\x82\xac", None), "hi €");
        assert_eq!(decode("Київ".as_bytes(), None), "Київ");
        assert_eq!(decode(b"\xff\xfeh\x00i\x00", None), "hi");
    }

    #[test]
    fn undeclared_latin1_falls_back_to_windows_1252() {
        assert_eq!(decode(b"na\xefve \x80", None), "naïve €");
    }
}
