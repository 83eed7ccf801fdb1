//! Fuzz target: any text -> `claims::recognise` and `claims::extract`, never a panic, every
//! span a char-boundary slice of the text equal to its surface, every value finite, every
//! period ordered, and `RawClaim`s round-trip through serde (floats to within an ulp).
//!
//! Under `cargo fuzz run claims_recognise` this is a libFuzzer target. Built as a plain binary
//! (`cargo build --release --bin claims_recognise` in `fuzz/`) it replays files instead:
//!
//! ```text
//! claims_recognise [--mutate N] PATH...   # files or directories; .jsonl lines' "text" fields
//! ```
//!
//! `--mutate N` also runs N mutated copies of every input (truncations at any byte, byte flips,
//! spliced figure words, repeated runs), seeded so a failure can be replayed.
#![cfg_attr(fuzzing, no_main)]

#[path = "../../src/claims/mod.rs"]
#[allow(dead_code, unused_imports)]
mod claims;

use chrono::NaiveDate;

fn check(data: &[u8]) {
    // the first byte picks the publication date: none (datelines and open periods) or one
    let (published, body) = match data.split_first() {
        Some((&b, rest)) if b < 8 => (NaiveDate::from_ymd_opt(2016 + i32::from(b), 2, 29), rest),
        _ => (None, data),
    };
    let text = String::from_utf8_lossy(body);
    let text = text.as_ref();
    for r in claims::recognise(text, published) {
        let [a, b] = r.span;
        assert!(
            a <= b && b <= text.len(),
            "span {a}..{b} out of {}",
            text.len()
        );
        assert!(
            text.is_char_boundary(a) && text.is_char_boundary(b),
            "span off a char boundary"
        );
        assert_eq!(&text[a..b], r.surface, "surface differs from its span");
        for v in [r.value, r.low, r.high].into_iter().flatten() {
            assert!(v.is_finite(), "value {v} of {:?}", r.surface);
        }
        if let (Some(s), Some(e)) = (r.start, r.end) {
            assert!(s <= e, "period {s}..{e} of {:?}", r.surface);
        }
        let json = serde_json::to_string(&r).expect("RawClaim serialises");
        let back: claims::RawClaim = serde_json::from_str(&json).expect("RawClaim deserialises");
        // serde_json reads floats to within an ulp, not always bit for bit
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * a.abs().max(b.abs()),
            (a, b) => a == b,
        };
        assert!(
            close(back.value, r.value) && close(back.low, r.low) && close(back.high, r.high),
            "{back:?} != {r:?}"
        );
        assert_eq!(
            (
                back.kind,
                &back.surface,
                back.span,
                &back.unit,
                back.start,
                back.end
            ),
            (r.kind, &r.surface, r.span, &r.unit, r.start, r.end)
        );
    }
    let doc = claims::Document {
        id: "fuzz",
        text,
        title: None,
        published,
        outlet: None,
    };
    for c in claims::extract(&doc) {
        assert_eq!(
            &text[c.span[0]..c.span[1]],
            c.surface,
            "claim surface differs"
        );
        assert!(
            (0.0..=1.0).contains(&c.confidence),
            "confidence {}",
            c.confidence
        );
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| check(data));

#[cfg(not(fuzzing))]
fn main() {
    replay::main();
}

#[cfg(not(fuzzing))]
mod replay {
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
            eprintln!("usage: claims_recognise [--mutate N] PATH...");
            std::process::exit(2);
        }
        let mut inputs = Vec::new();
        for p in &paths {
            collect(p, &mut inputs);
        }
        let start = std::time::Instant::now();
        let (mut runs, mut slowest) = (0usize, 0f64);
        for (i, data) in inputs.iter().enumerate() {
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (data.len() as u64) ^ i as u64);
            for m in 0..=mutations {
                let input = if m == 0 {
                    data.clone()
                } else {
                    mutate(data, &mut rng)
                };
                let t = std::time::Instant::now();
                super::check(&input);
                let took = t.elapsed().as_secs_f64();
                if took > 1.0 {
                    let dump = std::env::temp_dir().join(format!("claims_slow_{i}_{m}.txt"));
                    let _ = std::fs::write(&dump, &input);
                    eprintln!(
                        "slow input ({took:.2}s, {} bytes): {}",
                        input.len(),
                        dump.display()
                    );
                }
                slowest = slowest.max(took);
                runs += 1;
            }
        }
        println!(
            "replayed {} texts, {runs} inputs, no failure, {:.1}s; slowest {slowest:.3}s",
            inputs.len(),
            start.elapsed().as_secs_f64()
        );
    }

    /// Files as they are; each line of a `.jsonl` file with a "text" field as one input.
    fn collect(p: &Path, out: &mut Vec<Vec<u8>>) {
        if p.is_dir() {
            let Ok(entries) = std::fs::read_dir(p) else {
                return;
            };
            let mut v: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            v.sort();
            for e in v {
                collect(&e, out);
            }
            return;
        }
        let Ok(raw) = std::fs::read(p) else {
            eprintln!("skipped unreadable {}", p.display());
            return;
        };
        if p.extension().is_some_and(|e| e == "jsonl") {
            for line in String::from_utf8_lossy(&raw).lines() {
                let v: Option<serde_json::Value> = serde_json::from_str(line).ok();
                if let Some(t) = v
                    .as_ref()
                    .and_then(|v| v.get("text"))
                    .and_then(|t| t.as_str())
                {
                    out.push(t.as_bytes().to_vec());
                }
            }
        } else {
            out.push(raw);
        }
    }

    /// xorshift64*: enough to spread mutations, reproducible from the input.
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

    const SNIPPETS: [&[u8]; 16] = [
        b"US$",
        b" billion",
        b"%",
        b" percentage points",
        b" more than ",
        b"between 2 and ",
        b" times as many ",
        b"the first seven months of ",
        b" the same period last year",
        b"2,77,000",
        "1,5 Mrd. €".as_bytes(),
        "млрд рублей".as_bytes(),
        "відсотків".as_bytes(),
        b"\xe2\x82",
        b"Q1 2023-24",
        "½".as_bytes(),
    ];

    fn mutate(data: &[u8], rng: &mut Rng) -> Vec<u8> {
        let mut d = data.to_vec();
        for _ in 0..1 + rng.below(4) {
            match rng.below(5) {
                // truncate anywhere, often mid-character
                0 => d.truncate(rng.below(d.len() + 1)),
                1 => {
                    for _ in 0..1 + rng.below(16) {
                        if !d.is_empty() {
                            let i = rng.below(d.len());
                            d[i] ^= 1 << rng.below(8);
                        }
                    }
                }
                2 => {
                    let s = SNIPPETS[rng.below(SNIPPETS.len())];
                    let at = rng.below(d.len() + 1);
                    d.splice(at..at, s.iter().copied());
                }
                3 => {
                    let a = rng.below(d.len() + 1);
                    let b = (a + rng.below(512)).min(d.len());
                    d.drain(a..b);
                }
                // a long run of one figure-like piece
                _ => {
                    let s = SNIPPETS[rng.below(SNIPPETS.len())];
                    let at = rng.below(d.len() + 1);
                    let run = s.repeat(1 + rng.below(300));
                    d.splice(at..at, run);
                }
            }
        }
        d
    }
}
