//! Message formatting: a small, safe Markdown subset rendered to HTML on the
//! server, once, when a message is written or edited.
//!
//! pulldown-cmark parses; raw HTML in the source is shown as text (people
//! typing `<b>` in a chat mean the characters); bare URLs become links
//! (linkify) and @mentions of members become highlighted spans; ammonia
//! then sanitizes the result with an allow-list, so whatever the parser
//! lets through, no script, event handler or `javascript:` link survives.
//! Pages insert this HTML as it is, on the server and in the browser alike.

use std::collections::HashSet;
use std::sync::LazyLock;

use domain::Nickname;
use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// The tags a rendered message may contain.
const TAGS: [&str; 13] = [
    "p",
    "br",
    "a",
    "code",
    "pre",
    "em",
    "strong",
    "del",
    "ul",
    "ol",
    "li",
    "blockquote",
    "span",
];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from(TAGS))
        .tag_attributes([("a", HashSet::from(["href"]))].into())
        .allowed_classes([("span", HashSet::from(["mention"]))].into())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .set_tag_attribute_value("a", "target", "_blank");
    builder
});

/// The names a body @mentions, as written (`@ana` → `ana`), in order and
/// without repeats (compared case-insensitively). The caller keeps those
/// that are members of the channel.
pub fn mention_candidates(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (at, _) in body.match_indices('@') {
        let preceded_by_word = body[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if preceded_by_word {
            continue;
        }
        let name: String = body[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .collect();
        // A sentence may end right after a name: "thanks @ana."
        let name = name.trim_end_matches('.');
        if Nickname::parse(name).is_ok() && !found.iter().any(|f| f.eq_ignore_ascii_case(name)) {
            found.push(name.to_owned());
        }
    }
    found
}

/// `body` as sanitized HTML, with `mentions` (members' names) highlighted.
pub fn render(body: &str, mentions: &[Nickname]) -> String {
    let mentioned: HashSet<String> = mentions.iter().map(Nickname::key).collect();
    let options = Options::ENABLE_STRIKETHROUGH;
    let mut events: Vec<Event> = Vec::new();
    let mut in_code_or_link = 0usize;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(tag @ (Tag::CodeBlock(_) | Tag::Link { .. })) => {
                in_code_or_link += 1;
                events.push(Event::Start(tag));
            }
            Event::End(tag @ (TagEnd::CodeBlock | TagEnd::Link)) => {
                in_code_or_link = in_code_or_link.saturating_sub(1);
                events.push(Event::End(tag));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::SoftBreak => events.push(Event::HardBreak),
            Event::Text(text) if in_code_or_link == 0 => decorate(text, &mentioned, &mut events),
            other => events.push(other),
        }
    }
    let mut unsafe_html = String::with_capacity(body.len() * 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    SANITIZER.clean(&unsafe_html).to_string()
}

/// Turns the URLs of a piece of text into links and its mentions into
/// spans; the rest stays text (which the HTML writer escapes).
fn decorate<'a>(text: CowStr<'a>, mentioned: &HashSet<String>, out: &mut Vec<Event<'a>>) {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]);
    for span in finder.spans(&text) {
        match span.kind() {
            Some(LinkKind::Url) => {
                let url = span.as_str().to_owned();
                out.push(Event::Start(Tag::Link {
                    link_type: LinkType::Autolink,
                    dest_url: url.clone().into(),
                    title: "".into(),
                    id: "".into(),
                }));
                out.push(Event::Text(url.into()));
                out.push(Event::End(TagEnd::Link));
            }
            _ => mention_spans(span.as_str(), mentioned, out),
        }
    }
}

fn mention_spans<'a>(text: &str, mentioned: &HashSet<String>, out: &mut Vec<Event<'a>>) {
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        let after = &rest[at + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(after.len());
        let name = after[..len].trim_end_matches('.');
        let starts_word = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-')));
        if starts_word && !name.is_empty() && mentioned.contains(&name.to_ascii_lowercase()) {
            out.push(Event::Text(rest[..at].to_owned().into()));
            out.push(Event::InlineHtml(r#"<span class="mention">"#.into()));
            out.push(Event::Text(format!("@{name}").into()));
            out.push(Event::InlineHtml("</span>".into()));
            rest = &after[name.len()..];
        } else {
            out.push(Event::Text(rest[..=at].to_owned().into()));
            rest = after;
        }
    }
    if !rest.is_empty() {
        out.push(Event::Text(rest.to_owned().into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(body: &str) -> String {
        render(body, &[])
    }

    #[test]
    fn formats_the_chat_subset() {
        assert_eq!(
            plain("*em* **bold** `code`"),
            "<p><em>em</em> <strong>bold</strong> <code>code</code></p>\n"
        );
        assert_eq!(
            plain("```\nlet x = 1;\n```"),
            "<pre><code>let x = 1;\n</code></pre>\n"
        );
    }

    #[test]
    fn a_new_line_is_a_line_break() {
        assert_eq!(plain("one\ntwo"), "<p>one<br>\ntwo</p>\n");
    }

    #[test]
    fn bare_urls_become_safe_links() {
        assert_eq!(
            plain("see https://example.com/a?b=1&c=2 now"),
            "<p>see <a href=\"https://example.com/a?b=1&amp;c=2\" target=\"_blank\" \
             rel=\"noopener noreferrer nofollow\">https://example.com/a?b=1&amp;c=2</a> now</p>\n"
        );
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = plain("<b>hi</b> <img src=x onerror=alert(1)>");
        assert_eq!(
            html,
            "<p>&lt;b&gt;hi&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;</p>\n"
        );
    }

    #[test]
    fn never_lets_script_handlers_or_javascript_links_through() {
        let attacks = [
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "![x](x\" onerror=\"alert(1))",
            "<svg onload=alert(1)>",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<iframe src=//evil>",
            "`<script>`",
        ];
        for attack in attacks {
            let html = plain(attack).to_ascii_lowercase();
            // Real tags only: what the attack typed comes back as escaped text.
            for tag in html
                .split('<')
                .skip(1)
                .map(|t| t.split('>').next().unwrap())
            {
                let name = tag
                    .trim_start_matches('/')
                    .split([' ', '>'])
                    .next()
                    .unwrap();
                assert!(TAGS.contains(&name), "{attack} → <{tag}>");
                assert!(!tag.contains(" on"), "{attack} → <{tag}>");
                assert!(!tag.contains("javascript:"), "{attack} → <{tag}>");
                assert!(!tag.contains("data:"), "{attack} → <{tag}>");
            }
        }
    }

    #[test]
    fn highlights_mentions_of_members_only() {
        let bob = Nickname::parse("Bob").unwrap();
        let html = render("hi @bob and @carol, mail bob@x.org", &[bob]);
        assert_eq!(
            html,
            "<p>hi <span class=\"mention\">@bob</span> and @carol, mail bob@x.org</p>\n"
        );
        assert_eq!(
            render("`@bob`", &[Nickname::parse("bob").unwrap()]),
            "<p><code>@bob</code></p>\n"
        );
    }

    #[test]
    fn finds_mention_candidates() {
        assert_eq!(
            mention_candidates("@ana hi @Bob, @ana again. thanks @cy. mail x@y.z"),
            ["ana", "Bob", "cy"]
        );
    }
}
