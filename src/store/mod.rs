//! What filtr keeps on disk between runs: where (`paths`), how it writes
//! (`file`: one lock and one atomic write), the models (`models`), the vector
//! index and resume-window cache (`index`) and the analysed corpus
//! (`analysed`). Every file here is untrusted when read back: checked, and
//! rebuilt when it does not check.

pub mod analysed;
pub mod cuts;
pub(crate) mod file;
pub mod index;
pub mod models;
pub mod paths;
pub mod seen;
