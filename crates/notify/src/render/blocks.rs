//! Laying a text's blocks out as plain text and as simple, escaped HTML.

use super::{Lang, Values};
use crate::templates::Block;

/// The plain-text body: paragraphs separated by blank lines, facts as `Label: value`,
/// numbered lists, the link as `Label: URL`, then the footer.
pub(super) fn plain(blocks: &[Block], values: &Values, footer: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for block in blocks {
        match block {
            Block::Para(t) => parts.push(values.fill(t)),
            Block::Facts(facts) => {
                let lines: Vec<String> = facts
                    .iter()
                    .filter_map(|(label, value)| {
                        let value = values.fill(value);
                        (!value.trim().is_empty()).then(|| format!("{}: {value}", values.fill(label)))
                    })
                    .collect();
                if !lines.is_empty() {
                    parts.push(lines.join("\n"));
                }
            }
            Block::List { key, heading, empty } => {
                let items = values.items(key).unwrap_or_default();
                let mut lines = Vec::new();
                if !heading.is_empty() {
                    lines.push(values.fill(heading));
                }
                if items.is_empty() && !empty.is_empty() {
                    lines.push(values.fill(empty));
                }
                for (n, item) in items.iter().enumerate() {
                    lines.push(format!("{}. {}", n + 1, item.text));
                    if let Some(link) = &item.link {
                        lines.push(format!("   {link}"));
                    }
                }
                if !lines.is_empty() {
                    parts.push(lines.join("\n"));
                }
            }
            Block::Link(label) => {
                if let Some(url) = values.link() {
                    parts.push(format!("{}: {url}", values.fill(label)));
                }
            }
        }
    }
    parts.push(format!("--\n{footer}"));
    let mut body = parts.join("\n\n");
    body.push('\n');
    body
}

/// The HTML body: a complete small document with inline styles (mail clients drop style
/// sheets); every value and every text is escaped.
pub(super) fn html(blocks: &[Block], values: &Values, footer: &str, subject: &str, lang: Lang) -> String {
    let mut h = String::with_capacity(2048);
    h.push_str("<!DOCTYPE html>\n<html lang=\"");
    h.push_str(lang.code());
    h.push_str("\">\n<head><meta charset=\"utf-8\"><title>");
    h.push_str(&escape(subject));
    h.push_str("</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1b1b1b\">\n");
    for block in blocks {
        match block {
            Block::Para(t) => {
                h.push_str("<p>");
                h.push_str(&escape(&values.fill(t)).replace('\n', "<br>"));
                h.push_str("</p>\n");
            }
            Block::Facts(facts) => {
                let rows: Vec<String> = facts
                    .iter()
                    .filter_map(|(label, value)| {
                        let value = values.fill(value);
                        (!value.trim().is_empty()).then(|| {
                            format!(
                                "<tr><th scope=\"row\" style=\"text-align:left;font-weight:normal;color:#555;padding:2px 16px 2px 0;vertical-align:top\">{}</th><td style=\"padding:2px 0\"><strong>{}</strong></td></tr>",
                                escape(&values.fill(label)),
                                escape(&value).replace('\n', "<br>")
                            )
                        })
                    })
                    .collect();
                if !rows.is_empty() {
                    h.push_str("<table role=\"presentation\" style=\"border-collapse:collapse\">\n");
                    h.push_str(&rows.join("\n"));
                    h.push_str("\n</table>\n");
                }
            }
            Block::List { key, heading, empty } => {
                let items = values.items(key).unwrap_or_default();
                if !heading.is_empty() {
                    h.push_str("<p>");
                    h.push_str(&escape(&values.fill(heading)));
                    h.push_str("</p>\n");
                }
                if items.is_empty() {
                    if !empty.is_empty() {
                        h.push_str("<p><em>");
                        h.push_str(&escape(&values.fill(empty)));
                        h.push_str("</em></p>\n");
                    }
                    continue;
                }
                h.push_str("<ol>\n");
                for item in items {
                    h.push_str("<li>");
                    match &item.link {
                        Some(link) => {
                            h.push_str(&format!("<a href=\"{}\">{}</a>", escape(link), escape(&item.text)));
                        }
                        None => h.push_str(&escape(&item.text)),
                    }
                    h.push_str("</li>\n");
                }
                h.push_str("</ol>\n");
            }
            Block::Link(label) => {
                if let Some(url) = values.link() {
                    h.push_str(&format!(
                        "<p><a href=\"{}\" style=\"display:inline-block;background:#0b5cad;color:#ffffff;padding:8px 16px;border-radius:4px;text-decoration:none\">{}</a></p>\n",
                        escape(url),
                        escape(&values.fill(label))
                    ));
                }
            }
        }
    }
    h.push_str("<hr style=\"border:none;border-top:1px solid #ccc\">\n<p style=\"font-size:13px;color:#555\">");
    h.push_str(&escape(footer).replace('\n', "<br>"));
    h.push_str("</p>\n</body>\n</html>\n");
    h
}

/// Escapes text for HTML content and double-quoted attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">Tôi & 'bạn'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tôi &amp; &#39;bạn&#39;&lt;/a&gt;"
        );
    }
}
