//! Near-duplicate articles: a wire story and its republication share most of their text. Each
//! article gets a MinHash signature over word 3-shingles; locality-sensitive bands find candidate
//! pairs without comparing every article with every other, and pairs whose estimated Jaccard
//! similarity reaches [`SAME_ORIGIN_MIN_SIMILARITY`] are linked as the same origin.
//!
//! ```text
//! article text --shingles--> {u64} --MinHash--> [u32; 64] --16 bands of 4--> band keys (indexed)
//! ```

use std::hash::{Hash, Hasher};

/// Hash functions in a signature.
pub const SIGNATURE_LEN: usize = 64;
/// Rows per LSH band; `SIGNATURE_LEN / BAND_ROWS` bands.
pub const BAND_ROWS: usize = 4;
/// Estimated Jaccard similarity of shingle sets at or above which two articles share an origin.
pub const SAME_ORIGIN_MIN_SIMILARITY: f64 = 0.6;

/// FNV-1a: stable across builds and platforms (the signatures are stored).
fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(bytes, self.0);
    }
}

fn mix(x: u64) -> u64 {
    // splitmix64 finaliser
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Word 3-shingles of the text, case-folded, punctuation dropped.
fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 3 {
        return words.iter().map(|w| fnv(w.as_bytes(), 0)).collect();
    }
    words
        .windows(3)
        .map(|w| {
            let mut h = Fnv(0);
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// The MinHash signature of a text (all `u32::MAX` for a text without words).
pub fn signature(text: &str) -> Vec<u32> {
    let mut sh = shingles(text);
    // A set: repeated shingles cannot change a minimum.
    sh.sort_unstable();
    sh.dedup();
    let seeds: [u64; SIGNATURE_LEN] = std::array::from_fn(|i| mix(i as u64 + 1));
    // Shingles outside, hash functions inside: the 64 running minima stay in registers and the
    // inner loop has no dependency between lanes.
    let mut sig = [u32::MAX; SIGNATURE_LEN];
    for s in &sh {
        for (m, seed) in sig.iter_mut().zip(&seeds) {
            *m = (*m).min((mix(s ^ seed) >> 32) as u32);
        }
    }
    sig.to_vec()
}

/// The LSH band keys of a signature: one per band, band number mixed in.
pub fn bands(sig: &[u32]) -> Vec<i64> {
    sig.chunks(BAND_ROWS)
        .enumerate()
        .map(|(i, rows)| {
            let mut h = fnv(&(i as u64).to_le_bytes(), 0);
            for r in rows {
                h = fnv(&r.to_le_bytes(), h);
            }
            h as i64
        })
        .collect()
}

/// Estimated Jaccard similarity of the two texts the signatures came from.
pub fn similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

pub fn to_blob(sig: &[u32]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn from_blob(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Trade between China and Russia rose 41.3% in the first four months of 2023 from a year \
        earlier to $73.15 billion, data from China's General Administration of Customs showed on Tuesday. \
        China's exports to Russia jumped 67.2% year on year to $34.98 billion in January-April, while its \
        imports from Russia grew 28.7% to $38.17 billion, the customs data showed.";

    #[test]
    fn a_republication_is_near_and_a_rewrite_is_not() {
        let republished = format!("{WIRE} Copyright Reuters, 2023");
        let rewrite =
            "China's trade with Russia climbed 41% in the first four months of the year to $73.2 \
            billion, according to customs figures, as exports of cars and machinery soared.";
        let (a, b, c) = (signature(WIRE), signature(&republished), signature(rewrite));
        assert!(
            similarity(&a, &b) >= SAME_ORIGIN_MIN_SIMILARITY,
            "{}",
            similarity(&a, &b)
        );
        assert!(similarity(&a, &c) < 0.3, "{}", similarity(&a, &c));
        assert!(bands(&a).iter().zip(bands(&b)).any(|(x, y)| *x == y));
        assert_eq!(from_blob(&to_blob(&a)), a);
    }

    /// Signatures are stored: however `signature` is computed, it must give the values of the
    /// definition (per hash function, the minimum over the shingles), or a ledger's old articles
    /// stop matching its new ones.
    #[test]
    fn signature_is_the_stored_definition() {
        let definition = |text: &str| -> Vec<u32> {
            let sh = shingles(text);
            (0..SIGNATURE_LEN as u64)
                .map(|i| {
                    let seed = mix(i + 1);
                    sh.iter()
                        .map(|s| (mix(s ^ seed) >> 32) as u32)
                        .min()
                        .unwrap_or(u32::MAX)
                })
                .collect()
        };
        for text in [
            WIRE,
            "",
            "two words",
            "a a a a a a a",
            "Ціна нафти впала на 5%.",
        ] {
            assert_eq!(signature(text), definition(text), "{text:?}");
        }
        // Pinned: what every earlier version stored for the wire story.
        assert_eq!(
            signature(WIRE)[..4],
            [16_058_827, 57_139_622, 76_925_928, 99_372_305]
        );
    }
}
