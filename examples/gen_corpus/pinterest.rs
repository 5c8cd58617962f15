//! The modelled posting: always the first element of the corpus, verbatim.

use crate::util::{js, js_list};

pub fn posting() -> String {
    let desc = "Pinterest's Trust & Safety Machine Learning team keeps the platform safe and inspiring for hundreds of millions of Pinners around the world. \
As a Principal Machine Learning Engineer, you will set the technical direction for the models that detect harmful content, spam and policy violations at scale, applying state-of-the-art deep learning, multimodal and large language models to images, video and text. \
You will partner with policy, operations and product teams to turn evolving safety policies into reliable, measurable ML systems, and you will mentor engineers across the organization while raising the bar for responsible AI.";
    let reqs = [
        "10+ years of industry experience building and deploying machine learning models",
        "Deep expertise in deep learning architectures, including transformers, CNNs and multimodal models",
        "Hands-on experience with generative AI and large language models (LLMs)",
        "Experience applying zero-shot and few-shot learning to new policy areas with limited labeled data",
        "Strong understanding of responsible AI principles: fairness, robustness and explainability",
        "Proven track record designing and operating large-scale ML systems in production",
        "Experience in trust & safety, content moderation or integrity ML is a plus",
    ];
    let resp = [
        "Lead the technical strategy and roadmap for content-safety models across Pinterest",
        "Design and ship models that detect harmful content, spam and policy violations at scale",
        "Partner with policy and operations teams to translate safety policies into ML solutions",
        "Drive adoption of LLMs and multimodal models for zero-shot and few-shot enforcement",
        "Mentor engineers and raise the bar for ML quality, evaluation and responsible AI",
        "Improve the reliability, latency and cost of production ML systems",
    ];
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    format!(
        "{{\"id\":\"pinterest-ml-ts\",\"title\":\"Principal Machine Learning Engineer, Trust & Safety\",\"company\":\"Pinterest\",\"occupation\":\"machine_learning\",\"seniority\":\"principal\",\"description\":{},\"requirements\":{},\"responsibilities\":{},\"salary\":{{\"min\":249900,\"max\":480238,\"currency\":\"USD\",\"period\":\"year\"}},\"locations\":[\"San Francisco, CA, US\",\"Remote, US\"],\"remote\":true,\"posted\":\"2025-11-05\",\"url\":\"https://www.pinterestcareers.com/jobs/principal-machine-learning-engineer-trust-safety\"}}",
        js(desc), js_list(&s(&reqs)), js_list(&s(&resp))
    )
}
