pub fn main_text(html: &str) -> String {
    let opts = rs_trafilatura::Options { ..Default::default() };
    match rs_trafilatura::extract_with_options(html, &opts) {
        Ok(r) => r.content_text.replace('\u{ad}', ""),
        Err(_) => String::new(),
    }
}
