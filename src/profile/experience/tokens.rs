//! One line of text as tokens, and bounds-checked views of them: every
//! pattern in this folder reads a line through here.

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Word,
    Num,
    Punct(char),
}

/// A token of one line. `spaced` says whether whitespace precedes it: it tells "2017-06" (a month) from "2017 - 06".
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) spaced: bool,
}

/// Splits a line into runs of letters, runs of ASCII digits and single other characters.
pub(super) fn tokenize(line: &str, out: &mut Vec<Tok>) {
    out.clear();
    let mut spaced = false;
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        let mut end = start + c.len_utf8();
        if kind != Kind::Punct(c) {
            while let Some(&(i, d)) = chars.peek() {
                let same = if kind == Kind::Num {
                    d.is_ascii_digit()
                } else {
                    d.is_alphabetic()
                };
                if !same {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
        }
        out.push(Tok {
            kind,
            start,
            end,
            spaced,
        });
        spaced = false;
    }
}

/// Bounds-checked views of a tokenized line: out-of-range indexes read as "no such token".
#[derive(Clone, Copy)]
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) toks: &'a [Tok],
}

impl<'a> Line<'a> {
    pub(super) fn str(self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    pub(super) fn kind(self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub(super) fn spaced(self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.spaced)
    }

    pub(super) fn punct(self, i: usize) -> Option<char> {
        match self.kind(i)? {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    pub(super) fn is_word(self, i: usize, words: &[&str]) -> bool {
        self.kind(i) == Some(Kind::Word) && words.iter().any(|w| self.str(i).eq_ignore_ascii_case(w))
    }

    /// Value and digit count of a run of at most four digits (dates never need more).
    pub(super) fn num(self, i: usize) -> Option<(u32, usize)> {
        if self.kind(i) != Some(Kind::Num) || self.str(i).len() > 4 {
            return None;
        }
        Some((self.str(i).parse().ok()?, self.str(i).len()))
    }
}

pub(super) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '~' | '‒' | '―' | '−')
}
