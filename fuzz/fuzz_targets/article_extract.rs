//! Fuzz target: bytes -> `article::decode` -> `article::extract`, never a panic, and the text
//! keeps its invariants (valid UTF-8 by type, normalised whitespace).
//!
//! Under `cargo fuzz run article_extract` this is a libFuzzer target. Built as a plain binary
//! (`cargo build --release` in `fuzz/`) it replays files instead:
//!
//! ```text
//! article_extract [--mutate N] PATH...   # files or directories, `.gz` files decompressed
//! ```
//!
//! `--mutate N` also runs N mutated copies of every input (truncations, byte flips, spliced
//! tags, deep nesting), seeded so a failure can be replayed.
#![cfg_attr(fuzzing, no_main)]

/// The first byte picks the `Content-Type` header that `decode` sees, so charset sniffing
/// is fuzzed too.
const CONTENT_TYPES: [Option<&str>; 5] = [
    None,
    Some("text/html; charset=utf-8"),
    Some("text/html; charset=windows-1251"),
    Some("text/html; charset=shift_jis"),
    Some("text/html; charset=bogus"),
];

fn check(data: &[u8]) {
    let (content_type, body) = match data.split_first() {
        Some((&b, rest)) if b < 16 => (CONTENT_TYPES[usize::from(b) % CONTENT_TYPES.len()], rest),
        _ => (None, data),
    };
    let html = article::decode(body, content_type);
    let a = article::extract(&html, Some("https://example.com/2023/08/22/story.html"));
    let t = &a.text;
    assert_eq!(t.trim(), t.as_str(), "text not trimmed");
    assert!(!t.contains("\n\n\n"), "three newlines in text");
    assert!(!t.contains("  "), "double space in text");
    assert!(!t.contains('\u{ad}'), "soft hyphen in text");
    // The stage boundary is serde: the article must round-trip.
    let json = serde_json::to_string(&a).expect("Article serialises");
    let back: article::Article = serde_json::from_str(&json).expect("Article deserialises");
    assert_eq!(back, a);
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

#[cfg(not(fuzzing))]
fn main() {
    replay::main();
}

#[cfg(not(fuzzing))]
mod replay {
    use std::io::Read;
    use std::path::{Path, PathBuf};

    pub fn main() {
        let mut mutations = 0usize;
        let mut paths = Vec::new();
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            if a == "--mutate" {
                mutations = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            } else {
                paths.push(PathBuf::from(a));
            }
        }
        if paths.is_empty() {
            eprintln!("usage: article_extract [--mutate N] PATH...");
            std::process::exit(2);
        }
        let mut files = Vec::new();
        for p in &paths {
            collect(p, &mut files);
        }
        let start = std::time::Instant::now();
        let (mut runs, mut slowest) = (0usize, (0f64, String::new()));
        for f in &files {
            let Some(data) = read(f) else {
                eprintln!("skipped unreadable {}", f.display());
                continue;
            };
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ data.len() as u64);
            for i in 0..=mutations {
                let input = if i == 0 {
                    data.clone()
                } else {
                    mutate(&data, &mut rng)
                };
                let t = std::time::Instant::now();
                super::check(&input);
                let s = t.elapsed().as_secs_f64();
                if s > slowest.0 {
                    slowest = (s, format!("{} (mutation {i})", f.display()));
                }
                runs += 1;
            }
        }
        println!(
            "replayed {} files, {runs} inputs, no failure, {:.1}s; slowest {:.3}s: {}",
            files.len(),
            start.elapsed().as_secs_f64(),
            slowest.0,
            slowest.1
        );
    }

    fn collect(p: &Path, out: &mut Vec<PathBuf>) {
        if p.is_dir() {
            let Ok(entries) = std::fs::read_dir(p) else {
                return;
            };
            let mut v: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            v.sort();
            for e in v {
                collect(&e, out);
            }
        } else {
            out.push(p.to_path_buf());
        }
    }

    fn read(p: &Path) -> Option<Vec<u8>> {
        let raw = std::fs::read(p).ok()?;
        if raw.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&raw[..])
                .read_to_end(&mut out)
                .ok()?;
            Some(out)
        } else {
            Some(raw)
        }
    }

    /// xorshift64*: enough to spread mutations, reproducible from the input length.
    pub struct Rng(pub u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            if n == 0 {
                0
            } else {
                (self.next() % n as u64) as usize
            }
        }
    }

    const SNIPPETS: [&[u8]; 12] = [
        b"<div>",
        b"</div>",
        b"<table><tr><td>",
        b"<script>",
        b"<!--",
        b"<article class=\"comment\">",
        b"<meta charset=\"utf-16\">",
        b"&#xD800;",
        b"\xff\xfe",
        b"\xe2\x82",
        b"<p>Text, words and 12% more.</p>",
        b"<script type=\"application/ld+json\">{\"@graph\":[{",
    ];

    fn mutate(data: &[u8], rng: &mut Rng) -> Vec<u8> {
        let mut d = data.to_vec();
        for _ in 0..1 + rng.below(4) {
            match rng.below(5) {
                // Truncate anywhere, often mid-tag or mid-character.
                0 => d.truncate(rng.below(d.len() + 1)),
                // Flip bytes.
                1 => {
                    for _ in 0..1 + rng.below(32) {
                        if !d.is_empty() {
                            let i = rng.below(d.len());
                            d[i] ^= 1 << rng.below(8);
                        }
                    }
                }
                // Splice a tag or odd bytes in.
                2 => {
                    let s = SNIPPETS[rng.below(SNIPPETS.len())];
                    let at = rng.below(d.len() + 1);
                    d.splice(at..at, s.iter().copied());
                }
                // Cut a slice out.
                3 => {
                    let a = rng.below(d.len() + 1);
                    let b = (a + rng.below(4096)).min(d.len());
                    d.drain(a..b);
                }
                // Bury the page under deep nesting.
                _ => {
                    let depth = 1 + rng.below(2000);
                    let mut v = b"<div>".repeat(depth);
                    v.extend_from_slice(&d);
                    d = v;
                }
            }
        }
        d
    }
}
