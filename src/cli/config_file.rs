//! The config file: defaults for `filtr match` that flags override.
//!
//! Read from `$FILTR_CONFIG`, else `$XDG_CONFIG_HOME/filtr/config.toml`
//! (`~/.config/filtr/config.toml`). Unknown keys are errors, so a typo does
//! not silently fall back to a default.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    pub corpus: Option<PathBuf>,
    pub corpus_format: Option<String>,
    pub model: Option<PathBuf>,
    pub top: Option<u64>,
    pub remote: Option<bool>,
    pub location: Option<String>,
    /// A number or a string like "120k".
    pub min_salary: Option<toml::Value>,
    pub currency: Option<String>,
    pub since: Option<String>,
    pub format: Option<String>,
    pub color: Option<String>,
    pub dedup: Option<bool>,
    pub exclude_company: Option<Vec<String>>,
    pub exclude_title: Option<Vec<String>>,
    pub exclude_word: Option<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// Where the config file is looked for.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FILTR_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::BaseDirs::new().map(|d| d.config_dir().join("filtr").join("config.toml"))
}

/// The config file's settings; an absent file is an empty config, but a file
/// named by `FILTR_CONFIG` must exist.
pub fn load() -> Result<(ConfigFile, Option<PathBuf>), ConfigError> {
    let Some(path) = path() else {
        return Ok((ConfigFile::default(), None));
    };
    let explicit = std::env::var_os("FILTR_CONFIG").is_some_and(|p| !p.is_empty());
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((parse(&path, &text)?, Some(path))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => Ok((ConfigFile::default(), None)),
        Err(source) => Err(ConfigError::Io { path, source }),
    }
}

pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let place = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("line {line}, column {column}: ")
            })
            .unwrap_or_default();
        ConfigError::Invalid {
            path: path.to_owned(),
            message: format!("{place}{}", e.message()),
        }
    })
}

/// Checks a config string against the values a flag accepts.
pub fn choice<T: clap::ValueEnum>(path: Option<&Path>, key: &str, value: &str) -> Result<T, ConfigError> {
    T::from_str(value, true).map_err(|_| ConfigError::Invalid {
        path: path.map(Path::to_owned).unwrap_or_default(),
        message: format!(
            "`{key}` must be one of {}, found {value:?}",
            T::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_wrong_types_name_the_line() {
        let p = Path::new("c.toml");
        let e = parse(p, "top = 5\ncorpuss = \"x\"\n").unwrap_err().to_string();
        assert!(
            e.contains("c.toml") && e.contains("line 2") && e.contains("corpuss"),
            "{e}"
        );
        let e = parse(p, "top = \"ten\"\n").unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
        let c = parse(p, "top = 5\nremote = true\nmin-salary = \"120k\"\n").unwrap();
        assert_eq!((c.top, c.remote), (Some(5), Some(true)));
    }
}
