//! Job descriptions arrive as HTML (job boards) or Markdown (JobSpy); matching
//! wants their plain text. Every reader here is a single forward pass, so a
//! broken or hostile 10 MB description costs linear time, and no input panics.

use super::listed;
use std::collections::HashMap;

/// HTML fragment → readable text: drop tags, keep text; block tags (p, div, br, li, ul, ol, h1-h6, tr, section...)
/// become line breaks; <li> becomes "- " bullet lines; drop <script>, <style>, <head>, comments entirely; decode
/// entities; collapse runs of spaces (except inside <pre>), at most one blank line in a row; trim.
///
/// Unknown entities stay as written; "&#0;", surrogates and out-of-range code points become U+FFFD, and
/// "&#128;"–"&#159;" are read as Windows-1252, as browsers do. A tag left open at the end ("<a ", an unclosed
/// comment or `<script>`) swallows the rest, as in a browser. A literal "<" is never directly followed by a
/// letter or "/" in the output ("a<<b>b</b>" → "a< b"), so the text cannot spell a tag that was not there.
pub fn to_text(html: &str) -> String {
    let mut reader = HtmlReader::default();
    let mut i = 0;
    while let Some(rest) = html.get(i..).filter(|r| !r.is_empty()) {
        i += reader.step(rest);
    }
    reader.out.finish()
}

/// True when the text looks like HTML (has tags like <p>, <br>, <div>, <li>, <ul>, <b>, <strong>, </...>) rather
/// than plain text that happens to contain "<" ("salary < $50k", "C++ <3").
pub fn looks_like_html(text: &str) -> bool {
    text.match_indices('<').any(|(k, _)| {
        let rest = text.get(k + 1..).unwrap_or_default();
        if rest.starts_with("!--") || rest.get(..8).is_some_and(|d| d.eq_ignore_ascii_case("!doctype")) {
            return true;
        }
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).take(12).count();
        let name = rest.get(..len).unwrap_or_default();
        let delimited = rest
            .as_bytes()
            .get(len)
            .is_some_and(|&b| matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n'));
        delimited && HTML_TAGS.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case(name))
    })
}

/// Markdown (JobSpy emits Markdown descriptions) → text: strip emphasis markers (** __ * _ ~~ when used as emphasis,
/// not inside words like snake_case), headings '#', links [text](url) → text, images removed, backslash escapes
/// unescaped, entities decoded, bullets "* " / "- " / "+ " normalised to "- ", code fences removed but code kept
/// verbatim, rules and table separator rows dropped; at most one blank line in a row; trim.
pub fn markdown_to_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = false;
    let mut fence: Option<(u8, usize)> = None;
    for line in md.lines() {
        let text = match fence {
            Some(open) if closes_fence(line, open) => {
                fence = None;
                continue;
            }
            Some(_) => line.trim_end().to_string(),
            None => match opens_fence(line) {
                Some(open) => {
                    fence = Some(open);
                    continue;
                }
                None => match markdown_line(line) {
                    Some(text) => text,
                    None => continue,
                },
            },
        };
        if text.trim().is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank {
                out.push('\n');
            }
        }
        out.push_str(&text);
        blank = false;
    }
    out.trim().to_string()
}

/// Either of the above, chosen by looks_like_html. A description that is HTML escaped once more, as some job
/// board APIs (Greenhouse) serve it ("&lt;p&gt;Hello&lt;/p&gt;"), is unescaped and read as HTML.
pub fn description_to_text(s: &str) -> String {
    if looks_like_html(s) {
        return to_text(s);
    }
    if s.trim_start().starts_with("&lt;") {
        let unescaped = to_text(s);
        if looks_like_html(&unescaped) {
            return to_text(&unescaped);
        }
    }
    markdown_to_text(s)
}

/// Tag names that mark a text as HTML.
const HTML_TAGS: &str =
    "a article b blockquote body br center code dd div dl dt em font footer h1 h2 h3 h4 h5 h6 head header \
    hr html i img li meta ol p pre section small span strong style sub sup table tbody td th thead tr u \
    ul script";

/// Elements whose content is not text to read.
const RAW_TEXT: &str = "head iframe noscript script style template title";
/// Elements set off by a blank line.
const PARAGRAPHS: &str = "blockquote h1 h2 h3 h4 h5 h6 p table";
/// Elements that start and end a line.
const BLOCKS: &str =
    "address article aside body caption center dd details dialog div dl dt fieldset figcaption figure \
    footer form header hgroup hr html legend main nav section summary tbody tfoot thead tr";
const LISTS: &str = "dir menu ol ul";
/// Deeper lists are indented no further, so deep nesting cannot blow up the output.
const MAX_INDENT: usize = 8;

#[derive(Default)]
struct HtmlReader {
    out: Writer,
    /// Open lists, for bullet indentation.
    lists: usize,
    /// Open <pre> elements: whitespace inside is kept.
    pre: usize,
    /// Open CDATA sections, whose markers are dropped and whose content is read as HTML (RSS feeds).
    cdata: usize,
}

impl HtmlReader {
    /// Reads what starts `rest` (not empty) and returns how many bytes it spans, on a char boundary.
    fn step(&mut self, rest: &str) -> usize {
        let pre = self.pre > 0;
        match rest.chars().next() {
            Some('<') => self.markup(rest),
            Some('&') => match entity(rest) {
                Some((c, n)) => {
                    self.out.text(c, pre);
                    n
                }
                None => {
                    self.out.text('&', pre);
                    1
                }
            },
            Some(']') if self.cdata > 0 && rest.starts_with("]]>") => {
                self.cdata -= 1;
                3
            }
            Some(c) => {
                self.out.text(c, pre);
                c.len_utf8()
            }
            None => rest.len().max(1),
        }
    }

    /// Reads a tag, comment or declaration at the start of `rest`, or a literal "<".
    fn markup(&mut self, rest: &str) -> usize {
        if let Some(body) = rest.strip_prefix("<!--") {
            return body.find("-->").map_or(rest.len(), |e| 4 + e + 3);
        }
        if rest.starts_with("<![CDATA[") {
            self.cdata += 1;
            return 9;
        }
        let b = rest.as_bytes();
        let closing = b.get(1) == Some(&b'/');
        let name_at = if closing { 2 } else { 1 };
        match b.get(1) {
            Some(b'!' | b'?') => return rest.find('>').map_or(rest.len(), |e| e + 1),
            _ if b.get(name_at).is_some_and(u8::is_ascii_alphabetic) => {}
            _ => {
                self.out.literal_lt();
                return 1;
            }
        }
        let name_len = b
            .get(name_at..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_'))
            .count();
        let name = rest
            .get(name_at..name_at + name_len)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(end) = tag_end(b, name_at + name_len) else {
            return rest.len();
        };
        let self_closing = end > 0 && b.get(end - 1) == Some(&b'/');
        self.element(&name, closing, self_closing);
        let after = end + 1;
        if closing || self_closing || !listed(RAW_TEXT, &name) {
            return after;
        }
        let body = rest.get(after..).unwrap_or_default();
        let skipped = match end_tag(body, &name) {
            Some(k) => body
                .get(k..)
                .and_then(|t| t.find('>'))
                .map_or(body.len(), |e| k + e + 1),
            // An unclosed <head> ends where the body starts.
            None if name == "head" => body
                .match_indices('<')
                .find(|&(k, _)| tag_named(body, k + 1, "body"))
                .map_or(body.len(), |(k, _)| k),
            None => body.len(),
        };
        after + skipped
    }

    fn element(&mut self, name: &str, closing: bool, self_closing: bool) {
        let out = &mut self.out;
        match name {
            "br" => out.line_break(),
            "li" if closing => out.block(1),
            "li" => out.bullet(self.lists.saturating_sub(1)),
            "td" | "th" => out.space = true,
            "pre" => {
                if closing {
                    self.pre = self.pre.saturating_sub(1);
                } else if !self_closing {
                    self.pre += 1;
                }
                out.block(2);
            }
            _ if listed(LISTS, name) => {
                if closing {
                    self.lists = self.lists.saturating_sub(1);
                } else if !self_closing {
                    self.lists += 1;
                }
                out.block(1);
            }
            // Inside a list, paragraphs are items' lines, not set apart.
            _ if listed(PARAGRAPHS, name) => out.block(if self.lists > 0 { 1 } else { 2 }),
            _ if listed(BLOCKS, name) => out.block(1),
            _ => {}
        }
    }
}

/// Where the tag whose name ends at `from` closes: its `>`, skipping any inside quoted attribute values.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    let mut after_eq = false;
    for (k, &c) in b.iter().enumerate().skip(from) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'>' => return Some(k),
                b'"' | b'\'' if after_eq => {
                    quote = Some(c);
                    after_eq = false;
                }
                b'=' => after_eq = true,
                c if c.is_ascii_whitespace() => {}
                _ => after_eq = false,
            },
        }
    }
    None
}

/// Whether the tag name `name` (lower case) starts at byte `at` of `s` and ends there.
fn tag_named(s: &str, at: usize, name: &str) -> bool {
    let b = s.as_bytes();
    b.get(at..at + name.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
        && !b.get(at + name.len()).is_some_and(u8::is_ascii_alphanumeric)
}

/// Where `</name` first starts in `s`, in any case.
fn end_tag(s: &str, name: &str) -> Option<usize> {
    s.match_indices("</")
        .map(|(k, _)| k)
        .find(|&k| tag_named(s, k + 2, name))
}

/// Builds the text. Spaces and line breaks are held back and written before the next visible character, so
/// runs collapse, no line starts or ends with a space, and at most one blank line appears in a row.
#[derive(Default)]
struct Writer {
    out: String,
    space: bool,
    breaks: usize,
    /// A bullet to write before the next text, at this indentation.
    bullet: Option<usize>,
    /// The last character written is a literal "<".
    after_lt: bool,
}

impl Writer {
    fn text(&mut self, c: char, pre: bool) {
        match c {
            // A soft hyphen only marks where a word may break.
            '\u{ad}' => return,
            '\n' if pre => {
                self.breaks = (self.breaks + 1).min(2);
                return;
            }
            '\r' if pre => return,
            c if !pre && c.is_whitespace() => {
                self.space = true;
                return;
            }
            _ => {}
        }
        if self.after_lt && (c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?')) {
            self.space = true;
        }
        self.flush();
        self.out.push(c);
        self.after_lt = false;
    }

    fn literal_lt(&mut self) {
        self.text('<', false);
        self.after_lt = true;
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            if self.breaks > 0 {
                self.out.extend(std::iter::repeat_n('\n', self.breaks));
            } else if self.space {
                self.out.push(' ');
            }
        }
        if let Some(depth) = self.bullet.take() {
            self.out.extend(std::iter::repeat_n("  ", depth));
            self.out.push_str("- ");
        }
        self.breaks = 0;
        self.space = false;
    }

    /// A block boundary: `n` line breaks (2 for a blank line). Blocks inside a list item keep it on its bullet.
    fn block(&mut self, n: usize) {
        if self.bullet.is_none() {
            self.breaks = self.breaks.max(n);
        }
    }

    /// <br>: two in a row make a blank line.
    fn line_break(&mut self) {
        if self.bullet.is_none() {
            self.breaks = (self.breaks + 1).min(2);
        }
    }

    fn bullet(&mut self, depth: usize) {
        self.breaks = self.breaks.max(1);
        self.bullet = Some(depth.min(MAX_INDENT));
    }

    fn finish(self) -> String {
        self.out.trim().to_string()
    }
}

/// Decodes the character reference at the start of `s` ("&amp;", "&#8211;", "&#x2013;"): the character and the
/// bytes it spans. `None` leaves the text as written.
fn entity(s: &str) -> Option<(char, usize)> {
    let body = s.strip_prefix('&')?;
    if let Some(num) = body.strip_prefix('#') {
        let (radix, digits) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (16, hex),
            None => (10, num),
        };
        let len = digits.bytes().take_while(|&b| char::from(b).is_digit(radix)).count();
        if len == 0 {
            return None;
        }
        let value = digits.bytes().take(len).fold(0u32, |v, b| {
            v.saturating_mul(radix)
                .saturating_add(char::from(b).to_digit(radix).unwrap_or(0))
        });
        let semicolon = digits.as_bytes().get(len) == Some(&b';');
        let prefix = if radix == 16 { 3 } else { 2 };
        return Some((numeric_char(value), prefix + len + usize::from(semicolon)));
    }
    let len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = body.get(..len)?;
    let c = NAMED
        .binary_search_by(|(n, _)| n.cmp(&name))
        .ok()
        .and_then(|i| NAMED.get(i))
        .map(|&(_, c)| c)?;
    if body.as_bytes().get(len) == Some(&b';') {
        Some((c, len + 2))
    } else {
        // Browsers also read these few without the semicolon: "&amp", "&nbsp".
        ["amp", "lt", "gt", "quot", "nbsp"]
            .contains(&name)
            .then_some((c, len + 1))
    }
}

fn numeric_char(value: u32) -> char {
    match value {
        0 => char::REPLACEMENT_CHARACTER,
        0x80..=0x9f => WINDOWS_1252[(value - 0x80) as usize],
        v => char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// What "&#128;"–"&#159;" mean in pages written in Windows-1252; unassigned ones stay as they are.
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Named character references, sorted by name.
const NAMED: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Agrave", 'À'),
    ("Aring", 'Å'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Ccedil", 'Ç'),
    ("Dagger", '‡'),
    ("ETH", 'Ð'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Egrave", 'È'),
    ("Euml", 'Ë'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Igrave", 'Ì'),
    ("Iuml", 'Ï'),
    ("Ntilde", 'Ñ'),
    ("OElig", 'Œ'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Ograve", 'Ò'),
    ("Oslash", 'Ø'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Prime", '″'),
    ("Scaron", 'Š'),
    ("THORN", 'Þ'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Ugrave", 'Ù'),
    ("Uuml", 'Ü'),
    ("Yacute", 'Ý'),
    ("Yuml", 'Ÿ'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("acute", '´'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("amp", '&'),
    ("apos", '\''),
    ("aring", 'å'),
    ("asymp", '≈'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("brvbar", '¦'),
    ("bull", '•'),
    ("ccedil", 'ç'),
    ("cedil", '¸'),
    ("cent", '¢'),
    ("check", '✓'),
    ("circ", 'ˆ'),
    ("copy", '©'),
    ("curren", '¤'),
    ("dagger", '†'),
    ("darr", '↓'),
    ("deg", '°'),
    ("divide", '÷'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("eth", 'ð'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("frasl", '⁄'),
    ("ge", '≥'),
    ("gt", '>'),
    ("harr", '↔'),
    ("hellip", '…'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("igrave", 'ì'),
    ("infin", '∞'),
    ("iquest", '¿'),
    ("iuml", 'ï'),
    ("laquo", '«'),
    ("larr", '←'),
    ("ldquo", '“'),
    ("le", '≤'),
    ("lrm", '\u{200e}'),
    ("lsaquo", '‹'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("macr", '¯'),
    ("mdash", '—'),
    ("micro", 'µ'),
    ("middot", '·'),
    ("minus", '−'),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("ne", '≠'),
    ("not", '¬'),
    ("ntilde", 'ñ'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("oelig", 'œ'),
    ("ograve", 'ò'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("oslash", 'ø'),
    ("otilde", 'õ'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("permil", '‰'),
    ("plusmn", '±'),
    ("pound", '£'),
    ("prime", '′'),
    ("quot", '"'),
    ("raquo", '»'),
    ("rarr", '→'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rlm", '\u{200f}'),
    ("rsaquo", '›'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("scaron", 'š'),
    ("sect", '§'),
    ("shy", '\u{ad}'),
    ("star", '☆'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("szlig", 'ß'),
    ("thinsp", '\u{2009}'),
    ("thorn", 'þ'),
    ("tilde", '˜'),
    ("times", '×'),
    ("trade", '™'),
    ("uacute", 'ú'),
    ("uarr", '↑'),
    ("ucirc", 'û'),
    ("ugrave", 'ù'),
    ("uml", '¨'),
    ("uuml", 'ü'),
    ("yacute", 'ý'),
    ("yen", '¥'),
    ("yuml", 'ÿ'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
];

/// A fence line opening a code block: its character and length.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start();
    let c = *t.as_bytes().first().filter(|&&c| c == b'`' || c == b'~')?;
    let n = t.bytes().take_while(|&b| b == c).count();
    let info = t.get(n..).unwrap_or_default();
    (n >= 3 && !(c == b'`' && info.contains('`'))).then_some((c, n))
}

fn closes_fence(line: &str, (c, n): (u8, usize)) -> bool {
    let t = line.trim();
    t.len() >= n && t.bytes().all(|b| b == c)
}

/// One Markdown line as text; `None` drops the line (a table's separator row).
fn markdown_line(line: &str) -> Option<String> {
    let line = line.trim_end();
    let mut body = line.trim_start();
    let indent = line.get(..line.len() - body.len()).unwrap_or_default();
    while let Some(quoted) = body.strip_prefix('>') {
        body = quoted.trim_start();
    }
    if body.contains('|') && body.contains('-') && body.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t')) {
        return None;
    }
    if is_rule(body) {
        return Some(String::new());
    }
    let hashes = body.bytes().take_while(|&b| b == b'#').count();
    let after_hashes = body.get(hashes..).unwrap_or_default();
    if (1..=6).contains(&hashes) && after_hashes.chars().next().is_none_or(char::is_whitespace) {
        let title = after_hashes.trim();
        let unclosed = title.trim_end_matches('#');
        let title = if unclosed.is_empty() || unclosed.ends_with(char::is_whitespace) {
            unclosed
        } else {
            title
        };
        return Some(inline(title.trim()));
    }
    let (bullet, rest) = match body.as_bytes() {
        [b'*' | b'-' | b'+', b' ' | b'\t', ..] => ("- ", body.get(2..).unwrap_or_default().trim_start()),
        _ => ("", body),
    };
    let text = inline(rest);
    let text = text.trim();
    Some(if text.is_empty() {
        String::new()
    } else {
        format!("{indent}{bullet}{text}")
    })
}

/// A thematic break or setext underline: "---", "* * *", "___", "===".
fn is_rule(body: &str) -> bool {
    let mut marks = body.chars().filter(|c| !c.is_whitespace());
    let Some(first) = marks.next().filter(|c| matches!(c, '-' | '*' | '_' | '=')) else {
        return false;
    };
    let mut n = 1;
    for c in marks {
        if c != first {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// A piece of a Markdown line, before emphasis markers are paired.
enum Piece {
    /// Text kept as written: this byte range of the line.
    Span(usize, usize),
    Char(char),
    /// A run of `*`, `_` or `~`; `kept` until paired with another.
    Delim {
        at: usize,
        len: usize,
        ch: u8,
        open: bool,
        close: bool,
        kept: bool,
    },
}

/// Inline Markdown → text, in linear time: links, images, code spans, escapes, entities, emphasis.
fn inline(s: &str) -> String {
    let b = s.as_bytes();
    let links = link_brackets(b);
    let mut ticks = Ticks::new(b);
    // No ')' at or after this index: later links cannot close either.
    let mut no_paren_from = b.len() + 1;
    let mut link_tail: Option<(usize, usize)> = None;
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some((bracket, paren)) = link_tail {
            if i == bracket {
                pieces.push(Piece::Span(start, i));
                i = paren + 1;
                start = i;
                link_tail = None;
                continue;
            }
            if i > bracket {
                link_tail = None;
            }
        }
        let c = b[i];
        match c {
            b'\\' => match b.get(i + 1) {
                Some(n) if n.is_ascii_punctuation() => {
                    pieces.push(Piece::Span(start, i));
                    pieces.push(Piece::Span(i + 1, i + 2));
                    i += 2;
                    start = i;
                }
                // A backslash ending the line is a hard line break.
                None => {
                    pieces.push(Piece::Span(start, i));
                    i += 1;
                    start = i;
                }
                Some(_) => i += 1,
            },
            b'`' => {
                let n = run_len(b, i, c);
                match ticks.closer(i, n) {
                    Some(close) => {
                        pieces.push(Piece::Span(start, i));
                        let (mut from, mut to) = (i + n, close);
                        if to >= from + 2 && b.get(from) == Some(&b' ') && b.get(to - 1) == Some(&b' ') {
                            from += 1;
                            to -= 1;
                        }
                        pieces.push(Piece::Span(from, to));
                        i = close + n;
                        start = i;
                    }
                    None => i += n,
                }
            }
            b'!' | b'[' => {
                let open = if c == b'!' { i + 1 } else { i };
                let link = links
                    .get(&open)
                    .filter(|_| b.get(open) == Some(&b'['))
                    .and_then(|&bracket| close_paren(b, bracket + 2, &mut no_paren_from).map(|p| (bracket, p)));
                match link {
                    Some((_, paren)) if c == b'!' => {
                        pieces.push(Piece::Span(start, i));
                        i = paren + 1;
                        start = i;
                    }
                    Some(tail) => {
                        pieces.push(Piece::Span(start, i));
                        link_tail = Some(tail);
                        i += 1;
                        start = i;
                    }
                    None => i += 1,
                }
            }
            b'&' => match s.get(i..).and_then(entity) {
                Some((decoded, n)) => {
                    pieces.push(Piece::Span(start, i));
                    pieces.push(Piece::Char(decoded));
                    i += n;
                    start = i;
                }
                None => i += 1,
            },
            b'*' | b'_' | b'~' => {
                let n = run_len(b, i, c);
                if c != b'~' || n >= 2 {
                    pieces.push(Piece::Span(start, i));
                    pieces.push(delimiter(s, i, n, c));
                    start = i + n;
                }
                i += n;
            }
            _ => i += 1,
        }
    }
    pieces.push(Piece::Span(start, b.len()));
    pair_delimiters(&mut pieces);
    let mut out = String::with_capacity(s.len());
    for piece in &pieces {
        match *piece {
            Piece::Span(from, to) => out.push_str(s.get(from..to).unwrap_or_default()),
            Piece::Char(c) => out.push(c),
            Piece::Delim {
                at, len, kept: true, ..
            } => out.push_str(s.get(at..at + len).unwrap_or_default()),
            Piece::Delim { .. } => {}
        }
    }
    out
}

fn run_len(b: &[u8], at: usize, c: u8) -> usize {
    b.iter().skip(at).take_while(|&&x| x == c).count()
}

/// For each "[" whose "]" is directly followed by "(", where that "]" is. Brackets do not nest: the last "["
/// before a "]" opens it.
fn link_brackets(b: &[u8]) -> HashMap<usize, usize> {
    let mut pairs = HashMap::new();
    let mut open = None;
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 1,
            b'[' => open = Some(k),
            b']' => {
                if let Some(o) = open.take() {
                    if b.get(k + 1) == Some(&b'(') {
                        pairs.insert(o, k);
                    }
                }
            }
            _ => {}
        }
        k += 1;
    }
    pairs
}

/// The first ")" from `from` on. A failed search is remembered, so repeated "[a](" cost linear time.
fn close_paren(b: &[u8], from: usize, no_paren_from: &mut usize) -> Option<usize> {
    if from >= *no_paren_from {
        return None;
    }
    let found = b
        .get(from..)
        .and_then(|t| t.iter().position(|&c| c == b')'))
        .map(|p| from + p);
    if found.is_none() {
        *no_paren_from = from;
    }
    found
}

/// Backtick runs of a line by length, to find a code span's closing run in amortised constant time.
struct Ticks {
    by_len: HashMap<usize, Vec<usize>>,
    next: HashMap<usize, usize>,
}

impl Ticks {
    fn new(b: &[u8]) -> Ticks {
        let mut by_len: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut k = 0;
        while k < b.len() {
            match b[k] {
                b'\\' => k += 2,
                b'`' => {
                    let n = run_len(b, k, b'`');
                    by_len.entry(n).or_default().push(k);
                    k += n;
                }
                _ => k += 1,
            }
        }
        Ticks {
            by_len,
            next: HashMap::new(),
        }
    }

    /// Where the first run of `n` backticks after `at` starts.
    fn closer(&mut self, at: usize, n: usize) -> Option<usize> {
        let runs = self.by_len.get(&n)?;
        let next = self.next.entry(n).or_insert(0);
        while runs.get(*next).is_some_and(|&p| p <= at) {
            *next += 1;
        }
        let found = runs.get(*next).copied();
        *next += 1;
        found
    }
}

/// A delimiter run and whether it can open or close emphasis (CommonMark's flanking rules; `_` does not work
/// inside words, so snake_case stays).
fn delimiter(s: &str, at: usize, len: usize, ch: u8) -> Piece {
    let before = s.get(..at).and_then(|t| t.chars().next_back());
    let after = s.get(at + len..).and_then(|t| t.chars().next());
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| c.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace());
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    let (open, close) = if ch == b'_' {
        (left && (!right || punct(before)), right && (!left || punct(after)))
    } else {
        (left, right)
    };
    Piece::Delim {
        at,
        len,
        ch,
        open,
        close,
        kept: true,
    }
}

/// Pairs each closing run with the nearest open run of the same character; paired runs are dropped.
fn pair_delimiters(pieces: &mut [Piece]) {
    let mut open: [Vec<usize>; 3] = Default::default();
    for k in 0..pieces.len() {
        let Some(&Piece::Delim {
            ch, open: opens, close, ..
        }) = pieces.get(k)
        else {
            continue;
        };
        let stack = &mut open[match ch {
            b'*' => 0,
            b'_' => 1,
            _ => 2,
        }];
        if close {
            if let Some(o) = stack.pop() {
                for idx in [o, k] {
                    if let Some(Piece::Delim { kept, .. }) = pieces.get_mut(idx) {
                        *kept = false;
                    }
                }
                continue;
            }
        }
        if opens {
            stack.push(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_to_text() {
        let cases: &[(&str, &str)] = &[
            ("<p>Hello <b>world</b></p>", "Hello world"),
            (
                "<p><strong>About the job</strong></p><p><br></p><p>We are hiring.</p><ul><li>Python</li><li>Rust &amp; Go</li></ul>",
                "About the job\n\nWe are hiring.\n\n- Python\n- Rust & Go",
            ),
            ("<ul><li>A<ul><li>B</li></ul></li><li>C</li></ul>", "- A\n  - B\n- C"),
            ("<ol>\n  <li><p>First</p></li>\n  <li>Second</li>\n</ol>", "- First\n- Second"),
            ("<li>One<li>Two", "- One\n- Two"),
            (
                "Salary: $100k&ndash;$120k &amp; equity&nbsp;&nbsp;options",
                "Salary: $100k–$120k & equity options",
            ),
            ("&#8211; &#x2013; &#X2014; &#39; &#x27;", "– – — ' '"),
            ("a&#0;b &#xD800; &#1114112; &#99999999999999999999;", "a\u{fffd}b \u{fffd} \u{fffd} \u{fffd}"),
            ("It&#146;s &#147;quoted&#148;", "It’s “quoted”"),
            ("&foo; AT&T &amp;amp; &amp", "&foo; AT&T &amp; &"),
            ("Caf&eacute; &copy; &reg; &trade; &hellip; &bull; &middot; &rsquo;&lsquo;&ldquo;&rdquo;", "Café © ® ™ … • · ’‘“”"),
            ("Devel&shy;oper", "Developer"),
            ("Line1<br/>Line2<BR>Line3<br />Line4", "Line1\nLine2\nLine3\nLine4"),
            ("One<br><br><br><br>Two", "One\n\nTwo"),
            ("<a href=\"x?a>b\" title='c>d'>Link</a> after", "Link after"),
            ("<P>One</P><DIV>Two</DIV><SPAN>Three</SPAN>", "One\n\nTwo\nThree"),
            ("a<!-- hidden <p>x</p> -->b", "ab"),
            ("<style>p{color:red}</style><script>if (a<b) alert('</p>')</script>Text", "Text"),
            (
                "<html><head><title>T</title><meta charset=utf-8></head><body><h1>Role</h1><p>Desc</p></body></html>",
                "Role\n\nDesc",
            ),
            ("<head><title>T</title><body>Shown", "Shown"),
            ("<!DOCTYPE html><?xml version=\"1.0\"?><p>x</p>", "x"),
            ("<![CDATA[<p>Inside</p>]]>", "Inside"),
            ("Hello <a ", "Hello"),
            ("a<p class=\"x>b", "a"),
            ("a<!-- b", "a"),
            ("a<script>b", "a"),
            ("<<<<<<", "<<<<<<"),
            ("salary < $50k, C++ <3", "salary < $50k, C++ <3"),
            ("x <<b>p>", "x < p>"),
            ("</ >", "< / >"),
            ("  Lots   of \n\t spaces  ", "Lots of spaces"),
            ("<pre>line1\n  indented\n\n\n\nend</pre>after", "line1\n  indented\n\nend\n\nafter"),
            (
                "<table><tr><td>Salary</td><td>$100k</td></tr><tr><td>Location</td><td>NYC</td></tr></table>",
                "Salary $100k\nLocation NYC",
            ),
            (
                "<div><b>Job Type:</b> Full-time<br>\n<b>Pay:</b> $50,000.00 - $60,000.00 per year</div>",
                "Job Type: Full-time\nPay: $50,000.00 - $60,000.00 per year",
            ),
            ("<o:p>&nbsp;</o:p><span style=\"mso-x\">Text</span>", "Text"),
            ("<h2>Requirements</h2><ul><li>5+ years</li></ul><p>Apply!</p>", "Requirements\n\n- 5+ years\n\nApply!"),
            ("<p>Café – Sous Chef 日本</p>", "Café – Sous Chef 日本"),
            ("<ul><ol></ul></ol></ul></li>", ""),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(to_text(input), *want, "to_text({input:?})");
        }
        let deep = format!("<p>Deep</p>{}<li>x", "<ul>".repeat(1000));
        assert_eq!(to_text(&deep), format!("Deep\n\n{}- x", "  ".repeat(MAX_INDENT)));
    }

    #[test]
    fn detects_html() {
        for yes in [
            "<p>x</p>",
            "a<br>b",
            "a<br/>b",
            "<DIV class=x>",
            "text</li>",
            "<strong>Pay</strong>",
            "<!-- c -->",
        ] {
            assert!(looks_like_html(yes), "{yes:?}");
        }
        for no in [
            "salary < $50k",
            "C++ <3",
            "a<b",
            "x <= y",
            "",
            "Tom &amp; Jerry",
            "<https://example.com>",
            "<<",
        ] {
            assert!(!looks_like_html(no), "{no:?}");
        }
    }

    #[test]
    fn markdown() {
        let cases: &[(&str, &str)] = &[
            (
                "**Responsibilities**\n\n* Build things\n* Ship \\- fast\n+ Plus\n- Minus",
                "Responsibilities\n\n- Build things\n- Ship - fast\n- Plus\n- Minus",
            ),
            ("## About us ##\nText", "About us\nText"),
            ("# C#\n#hashtag", "C#\n#hashtag"),
            (
                "[Apply here](https://x.com/apply) or ![logo](https://x/logo.png) now",
                "Apply here or  now",
            ),
            ("![logo](https://x/logo.png) Company", "Company"),
            ("[**Bold link**](u)", "Bold link"),
            ("[not a link] (x) and [dangling](", "[not a link] (x) and [dangling]("),
            (
                "snake_case and __init__ and 5 * 3 and a*b*c",
                "snake_case and init and 5 * 3 and abc",
            ),
            (
                "*italic* _also_ ***both*** ~~old~~ new ~x~",
                "italic also both old new ~x~",
            ),
            ("**unclosed and * star", "**unclosed and * star"),
            (
                "```rust\nlet x = *y*;\n\n\nmore\n```\nafter",
                "let x = *y*;\n\nmore\nafter",
            ),
            ("`a*b*c` and ``x ` y``", "a*b*c and x ` y"),
            ("Tom &amp; Jerry &ndash; &#39;ok&#39;", "Tom & Jerry – 'ok'"),
            (
                "\\# not heading \\*not em\\* \\_x\\_ \\[y\\]",
                "# not heading *not em* _x_ [y]",
            ),
            ("1. First\n2. Second", "1. First\n2. Second"),
            ("> quoted\n>> deeper", "quoted\ndeeper"),
            ("Intro\n\n---\n\n\n\nOutro", "Intro\n\nOutro"),
            ("Title\n=====\nBody", "Title\n\nBody"),
            ("| a | b |\n|---|:---:|\n| 1 | 2 |", "| a | b |\n| 1 | 2 |"),
            ("hard break  \nnext\\\nlast", "hard break\nnext\nlast"),
            ("* item\n  * nested item", "- item\n  - nested item"),
            ("\n\n  \n", ""),
            ("Café *é* 日本_語_", "Café é 日本_語_"),
        ];
        for (input, want) in cases {
            assert_eq!(markdown_to_text(input), *want, "markdown_to_text({input:?})");
        }
    }

    #[test]
    fn descriptions() {
        assert_eq!(description_to_text("<p>Hi <em>there</em></p>"), "Hi there");
        assert_eq!(description_to_text("**Hi** there"), "Hi there");
        assert_eq!(
            description_to_text("salary < $50k, **C++** <3"),
            "salary < $50k, C++ <3"
        );
        // Greenhouse serves its HTML escaped.
        let greenhouse = "&lt;div class=&quot;content-intro&quot;&gt;&lt;p&gt;We&amp;#39;re hiring&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Rust&lt;/li&gt;&lt;/ul&gt;&lt;/div&gt;";
        assert_eq!(description_to_text(greenhouse), "We're hiring\n\n- Rust");
        assert_eq!(
            description_to_text("Use &lt;br&gt;? No: 3 &lt; 4"),
            "Use <br>? No: 3 < 4"
        );
    }

    use crate::test_rng::Rng;

    #[test]
    fn random_input() {
        // No digits, 't', 'u', 'o', 'r' or 'e': no entity can decode to '<' and no list or <pre> can open, so the
        // output has no indentation and no kept whitespace to reason about.
        const ALPHABET: &[&str] = &[
            "<",
            ">",
            "/",
            "&",
            ";",
            "#",
            "a",
            "x",
            "p",
            " ",
            "l",
            "i",
            "li",
            "p>",
            "br",
            "<p>",
            "</p>",
            "<li>",
            "<br>",
            "<!--",
            "-->",
            "\n",
            "*",
            "**",
            "_",
            "[",
            "]",
            "(",
            ")",
            "\\",
            "é",
            "日",
            "`",
            "!",
            "\"",
            "'",
            "=",
            "-",
            "+",
            "~",
            "&amp;",
            "&nbsp;",
            "&#x",
            "\u{a0}",
            "<b ",
            "<![CDATA[",
            "]]>",
            "|",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let n = rng.below(30);
            let input: String = (0..n).map(|_| ALPHABET[rng.below(ALPHABET.len())]).collect();
            let text = to_text(&input);
            let md = markdown_to_text(&input);
            let either = description_to_text(&input);
            for out in [&text, &md, &either] {
                assert_eq!(out.trim(), out.as_str(), "{input:?}");
                assert!(!out.contains("\n\n\n"), "{input:?} → {out:?}");
            }
            assert!(
                !text.contains("  ") && !text.contains(" \n") && !text.contains("\n "),
                "{input:?} → {text:?}"
            );
            let spells_tag = text
                .match_indices('<')
                .any(|(k, _)| text[k + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/'));
            assert!(!spells_tag, "{input:?} → {text:?}");
            if looks_like_html(&input) {
                for tag in ["<p>", "<li>", "<br"] {
                    assert!(!either.contains(tag), "{input:?} → {either:?}");
                }
            }
        }
    }

    #[test]
    fn large_inputs_stay_linear() {
        let n = 1 << 20;
        let inputs = [
            "<".repeat(n),
            "<a ".repeat(n / 3),
            format!("<a href=\"{}", "x".repeat(n)),
            "<p>".repeat(n / 3),
            "<ul><li>".repeat(n / 8),
            "&".repeat(n),
            "&#".repeat(n / 2),
            format!("&#{}", "9".repeat(n)),
            format!("&{}", "a".repeat(n)),
            "<!--".repeat(n / 4),
            "<script>".repeat(n / 8),
            "</".repeat(n / 2),
            "[".repeat(n),
            "[a](".repeat(n / 4),
            "![".repeat(n / 2),
            (1..1400).map(|k| "`".repeat(k) + "x").collect(),
            "*a".repeat(n / 2),
            "_".repeat(n),
            "\\".repeat(n),
            "**a__b~~".repeat(n / 8),
            "# x\n> y\n* z\n```\n".repeat(n / 16),
        ];
        for input in &inputs {
            for out in [to_text(input), markdown_to_text(input), description_to_text(input)] {
                assert!(out.len() <= 2 * input.len(), "output grew past its input");
            }
        }
    }
}
