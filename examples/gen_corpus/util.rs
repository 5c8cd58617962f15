//! SplitMix64 PRNG and JSON string helpers (dates: `filtr::text::calendar`).

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Inclusive range.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    pub fn pct(&mut self, p: u8) -> bool {
        self.below(100) < p as usize
    }
    pub fn pick<'a, T>(&mut self, s: &'a [T]) -> &'a T {
        &s[self.below(s.len())]
    }
    pub fn choose(&mut self, s: &[&'static str]) -> &'static str {
        s[self.below(s.len())]
    }
    /// `k` distinct elements, in random order.
    pub fn sample<T: Copy>(&mut self, s: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..s.len()).collect();
        let k = k.min(s.len());
        for i in 0..k {
            let j = i + self.below(s.len() - i);
            idx.swap(i, j);
        }
        idx[..k].iter().map(|&i| s[i]).collect()
    }
}

pub fn js(s: &str) -> String {
    serde_json::to_string(s).expect("string serializes")
}

pub fn js_list(v: &[String]) -> String {
    format!("[{}]", v.iter().map(|s| js(s)).collect::<Vec<_>>().join(","))
}
