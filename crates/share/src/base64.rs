//! Base64, standard (RFC 4648 §4, padded) for data inlined in HTML, and URL-safe (§5, unpadded)
//! for URL fragments. Decoding accepts either alphabet, with or without padding, and ignores
//! ASCII whitespace (a link wrapped by a mail client still opens).

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(chunk.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(chunk.get(2).copied().unwrap_or(0));
        let sextets = chunk.len() + 1;
        for i in 0..4 {
            if i < sextets {
                out.push(char::from(alphabet[(n >> (18 - 6 * i) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    encode_with(bytes, STANDARD, true)
}

/// URL-safe base64 without padding.
pub fn encode_url(bytes: &[u8]) -> String {
    encode_with(bytes, URL_SAFE, false)
}

fn value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    } as u32)
}

/// Decodes base64 in either alphabet. The error says where the first bad character is.
pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut padding = false;
    for (i, c) in text.bytes().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            padding = true;
            continue;
        }
        let v = match value(c) {
            Some(v) if !padding => v,
            _ => return Err(format!("character {} is not base64 ({:?})", i + 1, char::from(c))),
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return Err("the data is cut short".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_vectors() {
        let cases = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];
        for (plain, coded) in cases {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(encode_url(plain.as_bytes()), coded.trim_end_matches('='));
            assert_eq!(decode(coded).as_deref(), Ok(plain.as_bytes()));
            assert_eq!(decode(coded.trim_end_matches('=')).as_deref(), Ok(plain.as_bytes()));
        }
    }

    #[test]
    fn every_byte_round_trips_in_both_alphabets() {
        let bytes: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
        for n in 0..bytes.len() {
            let part = &bytes[..n];
            assert_eq!(decode(&encode(part)).as_deref(), Ok(part));
            assert_eq!(decode(&encode_url(part)).as_deref(), Ok(part));
        }
        assert!(encode_url(&bytes).bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert_eq!(decode("Zm9v!"), Err("character 5 is not base64 ('!')".into()));
        assert_eq!(decode("Z"), Err("the data is cut short".into()));
        assert!(decode("Zg==Zg").is_err());
        assert_eq!(decode("Zm9v\nYmFy").as_deref(), Ok(&b"foobar"[..]));
    }
}
