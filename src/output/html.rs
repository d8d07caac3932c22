//! Text put into the HTML reports.

/// Text as HTML shows it, whatever characters it holds (a village or scenario name).
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
