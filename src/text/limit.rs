//! Bounds on how much of one text filtr reads. Real postings are under ~3,000
//! words and real resumes under ~2,000; a scraped record of megabytes is a
//! broken one, and reading it whole would stall every run on it (a 10 MB
//! posting once took 500 s to embed). Everything downstream (windows, BM25,
//! skills, explanations) sees the same bounded text.

/// Words of a posting's text filtr reads: its items, then its description.
pub const POSTING_WORDS: usize = 4_000;
/// Words of a resume filtr reads.
pub const RESUME_WORDS: usize = 8_000;
/// Bytes per word on average past which a text is not words but a blob
/// (a base64 image, a text without spaces): a text is also cut at this
/// many bytes per allowed word.
pub const BYTES_PER_WORD: usize = 16;
/// A title or company longer than this is cut.
pub const NAME_CHARS: usize = 300;

/// What a cut removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Cut {
    /// Words in the whole text.
    pub words: usize,
    /// Words kept.
    pub kept: usize,
    /// Bytes in the whole text, and kept.
    pub bytes: usize,
    pub kept_bytes: usize,
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "read only its first {} of {} words ({} of {} bytes)",
            super::thousands(self.kept as u64),
            super::thousands(self.words as u64),
            super::thousands(self.kept_bytes as u64),
            super::thousands(self.bytes as u64)
        )
    }
}

/// A budget of words and bytes shared by the parts of one text, read in order.
#[derive(Debug, Clone)]
pub struct Budget {
    words: usize,
    bytes: usize,
    cut: Cut,
}

impl Budget {
    pub fn new(words: usize) -> Budget {
        Budget {
            words,
            bytes: words * BYTES_PER_WORD,
            cut: Cut::default(),
        }
    }

    /// Keeps what of `text` the budget still allows, cutting before a word
    /// (or, in a blob, at a character boundary).
    pub fn take(&mut self, text: &mut String) {
        let total = words_in(text);
        self.cut.bytes += text.len();
        let mut end = text.len();
        if total > self.words {
            let mut n = 0;
            let mut in_word = false;
            for (i, c) in text.char_indices() {
                if c.is_whitespace() {
                    in_word = false;
                } else if !in_word {
                    in_word = true;
                    n += 1;
                    if n > self.words {
                        end = i;
                        break;
                    }
                }
            }
        }
        if end > self.bytes {
            end = (0..=self.bytes).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        }
        if end < text.len() {
            let kept = text[..end].trim_end().len();
            text.truncate(kept);
        }
        let kept = words_in(text);
        self.cut.words += total;
        self.cut.kept += kept;
        self.cut.kept_bytes += text.len();
        self.words -= kept.min(self.words);
        self.bytes -= text.len().min(self.bytes);
    }

    /// The cut made, or `None` when every part was read whole.
    pub fn cut(&self) -> Option<Cut> {
        (self.cut.kept_bytes < self.cut.bytes).then_some(self.cut)
    }
}

/// Words (runs of non-space) in `text`.
pub fn words_in(text: &str) -> usize {
    text.split_whitespace().count()
}

/// `text` cut to `max` characters at a character boundary; `true` if it was.
pub fn cut_chars(text: &mut String, max: usize) -> bool {
    match text.char_indices().nth(max) {
        Some((i, _)) => {
            text.truncate(i);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_within_the_budget_is_untouched() {
        let mut b = Budget::new(5);
        let mut t = "one two  three".to_string();
        b.take(&mut t);
        assert_eq!(t, "one two  three");
        assert_eq!(b.cut(), None);
    }

    #[test]
    fn parts_share_one_budget_and_the_cut_is_counted() {
        let mut b = Budget::new(5);
        let (mut a, mut c) = ("one two three".to_string(), "four five six seven".to_string());
        b.take(&mut a);
        b.take(&mut c);
        assert_eq!((a.as_str(), c.as_str()), ("one two three", "four five"));
        assert_eq!((b.cut().unwrap().words, b.cut().unwrap().kept), (7, 5));
        let mut d = "eight".to_string();
        b.take(&mut d);
        assert_eq!(d, "");
        let cut = b.cut().unwrap();
        assert_eq!((cut.words, cut.kept, cut.bytes, cut.kept_bytes), (8, 5, 37, 22));
    }

    #[test]
    fn a_blob_without_spaces_is_cut_by_bytes_on_a_char_boundary() {
        let mut b = Budget::new(2);
        let mut t = "é".repeat(100);
        b.take(&mut t);
        assert!(t.len() <= 2 * BYTES_PER_WORD && !t.is_empty());
        assert!(t.chars().all(|c| c == 'é'));
        assert_eq!(b.cut().map(|c| c.kept), Some(1));
    }

    #[test]
    fn names_are_cut_by_characters() {
        let mut t = "ß".repeat(10);
        assert!(cut_chars(&mut t, 4));
        assert_eq!(t, "ßßßß");
        assert!(!cut_chars(&mut t, 4));
    }
}
