//! One file per command.

mod corpus;
mod embed;
mod eval;
mod explain;
mod gaps;
mod index;
mod matching;
mod model;
mod rank;
mod show;

pub(super) use corpus::run_corpus;
pub(super) use embed::run_embed;
pub(super) use eval::run_eval;
pub(super) use explain::run_explain;
pub(super) use gaps::run_gaps;
pub(super) use index::run_index;
pub(super) use matching::run_match;
pub(super) use model::run_model;
pub(super) use rank::run_rank;
pub(super) use show::{find_posting, run_show};
