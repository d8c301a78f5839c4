//! The Handlebars subset talk-tracks use, and rendering without HTML escaping.
//!
//! Tracks may use `{{var}}`, `{{#if var}}`/`{{#unless var}}`/`{{else}}` and nothing else: the
//! content must stay readable to coaches who are not programmers, and a small language is one
//! `mend check` can fully verify. Values are substituted verbatim (`AT&T` stays `AT&T`); HTML
//! escaping happens once, in the HTML formatter, never here.

use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement, TemplateMapping};
use handlebars::Handlebars;
use std::collections::BTreeMap;

/// Block helpers a track may use.
const BLOCK_HELPERS: &[&str] = &["if", "unless"];

/// What a template refers to: variables with (line, column), and disallowed constructs.
#[derive(Debug, Default)]
pub struct Usage {
    pub variables: Vec<(String, usize, usize)>,
    /// Names used as `{{#if}}`/`{{#unless}}` conditions, with (line, column).
    pub conditions: Vec<(String, usize, usize)>,
    pub problems: Vec<(usize, usize, String)>,
    /// The compiled template, kept so rendering does not parse the text a second time.
    pub compiled: Option<Template>,
}

/// Parses `text` and lists the variables it uses. Errors are (line, column, message), 1-based.
pub fn usage(text: &str) -> Result<Usage, (usize, usize, String)> {
    // Checked before Handlebars sees the text: its parser and renderer recurse per level, so a
    // pathological nesting would cost minutes or overflow the stack.
    let tags = pairs(text.as_bytes(), b'{').count();
    if tags > MAX_TAGS {
        return Err((1, 1, format!("{tags} template tags; a track may have at most {MAX_TAGS}")));
    }
    if let Some(at) = too_deep(text) {
        let (line, column) = crate::diagnostic::line_col(text, at);
        return Err((line, column, format!("blocks are nested more than {MAX_DEPTH} levels deep")));
    }
    let template = Template::compile(text).map_err(|e| {
        if let Some(unclosed) = unclosed_block(text) {
            return unclosed;
        }
        let (line, column) = e.pos().unwrap_or((1, 1));
        let reason = e.reason().to_string();
        // Handlebars lists every token it expected; the first clause is the useful part.
        let reason = reason.split(": expected").next().unwrap_or(&reason).to_string();
        (line, column.max(1), reason)
    })?;
    let mut usage = Usage::default();
    walk(&template, &mut usage);
    usage.compiled = Some(template);
    Ok(usage)
}

/// Offset of the next doubled `byte` (`{{` or `}}`) at or after `from`. A byte scan is cheaper
/// than setting up a substring searcher for each of the dozens of short strings in a track (and,
/// unlike the `memchr` crate, needs no CPU feature detection; see `split_front_matter`).
fn pair(text: &[u8], byte: u8, from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let i = at + text.get(at..)?.iter().position(|&b| b == byte)?;
        if text.get(i + 1) == Some(&byte) {
            return Some(i);
        }
        at = i + 1;
    }
}

/// Every non-overlapping doubled `byte`, left to right.
fn pairs(text: &[u8], byte: u8) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let i = pair(text, byte, from)?;
        from = i + 2;
        Some(i)
    })
}

/// Most template tags one template may hold. Handlebars' parser takes time quadratic in the
/// number of tags (20,000 tags take seconds), and a talk-track needs a few dozen.
pub const MAX_TAGS: usize = 2000;

/// Deepest block nesting a track may use; real tracks use one or two.
pub const MAX_DEPTH: usize = 32;

/// Byte offset of the first `{{#` that opens a block deeper than [`MAX_DEPTH`].
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for i in pairs(text.as_bytes(), b'{') {
        match text.as_bytes().get(i + 2) {
            Some(b'#') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            Some(b'/') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Finds a `{{#block}}` that is never closed, which Handlebars only reports at the end of the
/// text; pointing at the opening tag is what the author needs.
fn unclosed_block(text: &str) -> Option<(usize, usize, String)> {
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = pair(rest.as_bytes(), b'{', 0) {
        let tag = &rest[i + 2..];
        let name: String = tag.chars().skip(1).take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect();
        if tag.starts_with('#') {
            open.push((name, offset + i));
        } else if tag.starts_with('/') && open.last().is_some_and(|(n, _)| *n == name) {
            open.pop();
        }
        offset += i + 2;
        rest = &rest[i + 2..];
    }
    open.pop().map(|(name, at)| {
        let (line, column) = crate::diagnostic::line_col(text, at);
        (line, column, format!("`{{{{#{name}}}}}` is never closed; add `{{{{/{name}}}}}`"))
    })
}

fn walk(template: &Template, usage: &mut Usage) {
    for (i, element) in template.elements.iter().enumerate() {
        let (line, column) = template.mapping.get(i).map_or((1, 1), |m: &TemplateMapping| (m.0, m.1));
        match element {
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
            TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) => {
                if !h.params.is_empty() || !h.hash.is_empty() {
                    usage.problems.push((line, column, format!("unknown helper `{}`", param_name(&h.name))));
                } else {
                    variable(&h.name, line, column, usage);
                }
            }
            TemplateElement::HelperBlock(h) => block(h, line, column, usage),
            TemplateElement::PartialExpression(_) | TemplateElement::PartialBlock(_) => {
                usage.problems.push((line, column, "partials (`{{> name}}`) are not supported".into()));
            }
            _ => {
                usage.problems.push((line, column, "decorators (`{{* name}}`) are not supported".into()));
            }
        }
    }
}

fn block(h: &HelperTemplate, line: usize, column: usize, usage: &mut Usage) {
    let name = param_name(&h.name);
    if !BLOCK_HELPERS.contains(&name.as_str()) {
        usage.problems.push((line, column, format!("unknown helper `{name}`; tracks may use `#if` and `#unless`")));
    }
    let before = usage.variables.len();
    for p in &h.params {
        variable(p, line, column, usage);
    }
    let conditions: Vec<_> = usage.variables.drain(before..).collect();
    usage.conditions.extend(conditions);
    if let Some(t) = &h.template {
        walk(t, usage);
    }
    if let Some(t) = &h.inverse {
        walk(t, usage);
    }
}

fn variable(p: &Parameter, line: usize, column: usize, usage: &mut Usage) {
    match p {
        Parameter::Name(n) => usage.variables.push((n.clone(), line, column)),
        Parameter::Path(path) => {
            let raw = format!("{path:?}");
            // A path renders as `Relative(([Named("x")], "x"))`; take the raw text after the segments.
            let name = raw.rsplit('"').nth(1).unwrap_or(&raw).to_string();
            usage.variables.push((name, line, column));
        }
        Parameter::Literal(_) => {}
        _ => usage.problems.push((line, column, "subexpressions are not supported".into())),
    }
}

fn param_name(p: &Parameter) -> String {
    match p {
        Parameter::Name(n) => n.clone(),
        other => format!("{other:?}"),
    }
}

/// Renders templates with values substituted verbatim. Strict: a missing value is an error, never
/// an empty hole. One renderer serves all the templates of a track.
///
/// The Handlebars registry is made on the first template that needs it: setting one up registers
/// two dozen helpers, and most tracks are plain `{{name}}` text that never gets that far.
#[derive(Default)]
pub struct Renderer {
    hb: Option<Handlebars<'static>>,
    /// The template is Markdown: each value written out (`{{name}}`) is Markdown-escaped, so a
    /// value is text there, never a link, an image or HTML. Conditions see the value as given.
    markdown: bool,
}

impl Renderer {
    /// A renderer for a Markdown template (a track's body).
    pub fn markdown() -> Self {
        Renderer { hb: None, markdown: true }
    }

    fn handlebars(&mut self) -> &mut Handlebars<'static> {
        let markdown = self.markdown;
        self.hb.get_or_insert_with(|| {
            let mut hb = Handlebars::new();
            hb.set_strict_mode(true);
            if markdown {
                hb.register_escape_fn(|v| crate::format::markdown::escape(v).into_owned());
            } else {
                hb.register_escape_fn(handlebars::no_escape);
            }
            hb
        })
    }

    /// Renders `text`, reusing `compiled` (from [`usage`]) when given.
    pub fn render(
        &mut self,
        text: &str,
        compiled: Option<&Template>,
        values: &BTreeMap<String, String>,
    ) -> Result<String, String> {
        let hb = self.handlebars();
        match compiled {
            Some(template) => {
                hb.register_template("track", template.clone());
                hb.render("track", values).map_err(|e| e.to_string())
            }
            None => hb.render_template(text, values).map_err(|e| e.to_string()),
        }
    }
}

/// Renders one template text (see [`Renderer`]).
pub fn render(text: &str, values: &BTreeMap<String, String>) -> Result<String, String> {
    Renderer::default().render(text, None, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubled_braces_are_found_like_a_substring_search() {
        for text in ["", "{", "a{b}{{c}}", "{{{x}}}", "{ {{", "}}}}", "é{{ü}}"] {
            let want: Vec<usize> = text.match_indices("{{").map(|(i, _)| i).collect();
            assert_eq!(pairs(text.as_bytes(), b'{').collect::<Vec<_>>(), want, "{text:?}");
            let want: Option<usize> = text.find("}}");
            assert_eq!(pair(text.as_bytes(), b'}', 0), want, "{text:?}");
        }
    }

    #[test]
    fn plain_templates_locate_every_tag() {
        let text = "{{a}} é {{b}}\n\nZoë {{c}}\n  {{a}}";
        let u = usage(text).expect("plain");
        let want: Vec<(String, usize, usize)> = text
            .match_indices("{{")
            .map(|(i, _)| {
                let (l, c) = crate::diagnostic::line_col(text, i);
                let name = text[i + 2..].split("}}").next().unwrap_or_default().to_string();
                (name, l, c)
            })
            .collect();
        assert_eq!(u.variables, want);
        assert_eq!(u.variables[2], ("c".to_string(), 3, 5));
    }

    #[test]
    fn lists_variables_with_positions() {
        let u = usage("Hi {{client}}.\n{{#if sponsor}}x {{colleague}}{{/if}}").expect("compiles");
        let names: Vec<_> = u.variables.iter().map(|(n, l, c)| (n.as_str(), *l, *c)).collect();
        assert_eq!(names[0], ("client", 1, 4));
        assert!(u.conditions.iter().any(|(n, _, _)| n == "sponsor"));
        assert!(names.iter().any(|(n, _, _)| *n == "colleague"));
        assert!(u.problems.is_empty());
    }

    #[test]
    fn flags_unknown_helpers_and_partials() {
        let u = usage("{{#each x}}{{/each}} {{> p}} {{shout client}}").expect("compiles");
        assert_eq!(u.problems.len(), 3, "{:?}", u.problems);
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let text = format!("{}x{}", "{{#if a}}".repeat(100), "{{/if}}".repeat(100));
        let (line, column, msg) = usage(&text).expect_err("too deep");
        assert_eq!((line, column), (1, 9 * MAX_DEPTH + 1));
        assert!(msg.contains("nested"), "{msg}");
    }

    #[test]
    fn syntax_error_has_position() {
        let (line, _col, msg) = usage("a\n{{#if x}}b").expect_err("unclosed");
        assert!(line >= 1, "{msg}");
    }

    #[test]
    fn renders_verbatim_and_never_reevaluates_values() {
        let mut v = BTreeMap::new();
        v.insert("client".to_string(), "AT&T <b> {{x}} O'Brien".to_string());
        assert_eq!(render("Hi {{client}}", &v).expect("renders"), "Hi AT&T <b> {{x}} O'Brien");
        assert!(render("Hi {{nobody}}", &v).is_err());
    }
}
