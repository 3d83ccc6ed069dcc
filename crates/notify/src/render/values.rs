//! The values a template's texts refer to by `{name}`.

/// One entry of a list (supplement items, refusal reasons, digest rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// The entry's text.
    pub text: String,
    /// Where it leads, if anywhere (shown after it in plain text, as a link in HTML).
    pub link: Option<String>,
}

impl ListItem {
    /// An entry without a link.
    pub fn plain(text: impl Into<String>) -> Self {
        ListItem {
            text: text.into(),
            link: None,
        }
    }
}

/// Named scalars, named lists and the message's link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    scalars: Vec<(&'static str, String)>,
    lists: Vec<(&'static str, Vec<ListItem>)>,
    link: Option<String>,
}

impl Values {
    /// Adds the scalar `{name}`.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.scalars.push((name, value.into()));
        self
    }

    /// Adds the list `name` (its length is also available as `{name_count}`).
    pub fn list(mut self, name: &'static str, items: Vec<ListItem>) -> Self {
        self.lists.push((name, items));
        self
    }

    /// Sets the message's link (also available as `{link}`).
    pub fn link_to(mut self, url: String) -> Self {
        self.link = Some(url);
        self
    }

    /// The message's link.
    pub fn link(&self) -> Option<&str> {
        self.link.as_deref()
    }

    /// The value of `{name}`, if defined.
    pub fn get(&self, name: &str) -> Option<String> {
        if name == "link" {
            return self.link.clone();
        }
        if let Some((_, v)) = self.scalars.iter().find(|(n, _)| *n == name) {
            return Some(v.clone());
        }
        let list = name.strip_suffix("_count")?;
        self.items(list).map(|items| items.len().to_string())
    }

    /// The list `name`, if defined.
    pub fn items(&self, name: &str) -> Option<&[ListItem]> {
        self.lists.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_slice())
    }

    /// `{name}` as text, or the list `name` joined with `; ` (for ZNS parameters).
    pub fn joined(&self, name: &str) -> String {
        match self.items(name) {
            Some(items) => items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join("; "),
            None => self.get(name).unwrap_or_default(),
        }
    }

    /// Replaces every `{name}` in `template` by its value; an unknown name stays as written
    /// (the crate's tests check that none is unknown).
    pub fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let (before, from_brace) = rest.split_at(open);
            out.push_str(before);
            let name_end = from_brace.find('}').filter(|&end| is_name(&from_brace[1..end]));
            match name_end.and_then(|end| self.get(&from_brace[1..end]).map(|v| (end, v))) {
                Some((end, value)) => {
                    out.push_str(&value);
                    rest = &from_brace[end + 1..];
                }
                None => {
                    out.push('{');
                    rest = &from_brace[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The `{name}`s a text refers to.
#[cfg(test)]
pub(crate) fn placeholders_of(template: &str) -> std::collections::BTreeSet<&str> {
    placeholders(template).into_iter().collect()
}

/// The `{name}`s a text refers to, in order.
#[cfg(test)]
fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let from_brace = &rest[open..];
        match from_brace.find('}') {
            Some(end) if is_name(&from_brace[1..end]) => {
                names.push(&from_brace[1..end]);
                rest = &from_brace[end + 1..];
            }
            _ => rest = &from_brace[1..],
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_names_and_leaves_the_rest() {
        let v = Values::default()
            .with("code", "H15-1")
            .list("items", vec![ListItem::plain("a"), ListItem::plain("b")])
            .link_to("https://x.vn/ho-so/H15-1".into());
        assert_eq!(
            v.fill("Hồ sơ {code} ({items_count}): {link} {unknown} {Not} {"),
            "Hồ sơ H15-1 (2): https://x.vn/ho-so/H15-1 {unknown} {Not} {"
        );
        // A value that looks like a placeholder is not expanded again.
        let tricky = Values::default().with("a", "{b}").with("b", "x");
        assert_eq!(tricky.fill("{a}{b}"), "{b}x");
        assert_eq!(v.joined("items"), "a; b");
        assert_eq!(placeholders("{a} {b_c} {D} {}"), vec!["a", "b_c"]);
    }
}
