//! Scraped text is untrusted: before it reaches a terminal, control characters
//! and bidirectional overrides are made visible, so a posting cannot move the
//! cursor, change colours or reorder what the user reads.

/// Escapes C0/C1 controls and bidi/zero-width formatting characters as
/// `\u{…}`; tabs and line breaks become spaces (a table cell is one line).
pub fn for_terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || is_format(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn is_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(super::for_terminal("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(super::for_terminal("x\u{202e}y\tz"), "x\\u{202e}y z");
        assert_eq!(super::for_terminal("Café – Sous Chef"), "Café – Sous Chef");
    }
}
