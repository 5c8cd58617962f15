//! The modelled posting: always the first element of the corpus, word for word
//! as the Filtr job board shows it (`tests/fixtures/seed/000_45dda74da6c7416c.txt`;
//! `tests/seed_posting.rs` compares them). The page gives no link, so neither
//! does the posting; `occupation` and `seniority` are evaluation labels.

use crate::util::{js, js_list};

pub fn posting() -> String {
    let desc = "Pinterest is looking for a Principal Machine Learning Engineer to set the technical strategy, architecture, and roadmap for the Trust Engineering team, ensuring the platform remains safe and positive for users by addressing trust and safety challenges through advanced ML methodologies.";
    let reqs = [
        "Strong hands on machine learning background including deep learning architectures, generative AI, low-resource ML (zero shot, few shot), responsible AI and large scale deployment and measurement is required.",
        "Deep expertise building large scale ML systems at scale with modern frameworks",
        "Knowledge of (and a passion for) building responsible and quality first discovery surfaces",
    ];
    let resp = [
        "Setting up overall technical strategy, unified technical architecture and defining a roadmap for industry leading methodology.",
        "Develop strong partnerships with product teams to understand and proactively address future technology needs and current developer pain points",
        "Champion and drive large-scale, cross-functional initiatives that improve the trust and safety of our platform",
        "Ensure solid technical plans are in place for projects within Trust via direct review or delegation",
        "Be the technical point of contact for decisions that impact the whole Pinterest platform and for cross-functional partners like policy, operations and legal",
        "Foster a healthy community where all Trust engineers can learn best practices, collaborate effectively and understand our technical direction.",
        "Scale your leadership through both direct mentorship and via best practices, processes, training and tools.",
    ];
    let other = [
        "Act as the ultimate \u{201c}customer representative\u{201d} for engineers on Trust including representing needs to leadership and prioritizing projects on the platform teams that ensure high quality capabilities and a world-class Pinner experience",
        "Track record of delivering large, cross-functional projects across multiple organizations",
        "Strong written and verbal communication skills and proven ability to collaborate cross-functionally",
        "This role will need to be in the office for in-person collaboration 1 time per quarter and therefore can be situated anywhere in the country.",
        "This position is not eligible for relocation assistance.",
    ];
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    format!(
        "{{\"id\":\"pinterest-ml-ts\",\"title\":\"Principal Machine Learning Engineer, Trust & Safety\",\"company\":\"Pinterest\",\"occupation\":\"machine_learning\",\"seniority\":\"principal\",\"description\":{},\"requirements\":{},\"responsibilities\":{},\"other\":{},\"salary\":{{\"min\":249900,\"max\":480238,\"currency\":\"USD\",\"period\":\"year\"}},\"locations\":[\"San Francisco, CA, US\",\"Remote, US\"],\"remote\":true,\"posted\":\"2025-11-05\"}}",
        js(desc),
        js_list(&s(&reqs)),
        js_list(&s(&resp)),
        js_list(&s(&other))
    )
}
