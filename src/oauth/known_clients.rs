//! Well-known MCP clients, and client names that imitate them.
//!
//! A client's name is whatever it registered (DCR) or wrote in its metadata document, so an
//! attacker can call their app "Claude" and send the consent page's authorization code to
//! their own host. The consent page warns when a name looks like a known client's — compared
//! case-insensitively, ignoring spacing and punctuation, and reading look-alike characters
//! (`C1aude`, `ChatGРT` with a Cyrillic Р, `Cur5or`) as the letters they imitate — while the
//! client comes from a host that is not that client's own.
//!
//! "Comes from" means where the authorization code goes (the redirect URI's host, or for a
//! private-use scheme such as `com.example.app:/cb` the domain it reverses) and, for a
//! metadata-document client, the host of its `client_id` URL. A loopback redirect URI does
//! not count: the code stays on the person's own computer, which is how the native apps
//! (Claude Code, VS Code, Cursor, …) receive it.

use url::{Host, Url};

/// A client the imitation check knows.
#[derive(Debug)]
pub struct KnownClient {
    /// How the consent page names it.
    pub name: &'static str,
    /// Its names and brands, already in [`skeleton`] form.
    aliases: &'static [&'static str],
    /// Its own domains; their subdomains are its own too.
    hosts: &'static [&'static str],
}

/// The known clients. Aliases are written as their skeletons (`i` and `l` both read `l`).
pub const KNOWN: &[KnownClient] = &[
    KnownClient {
        name: "Claude",
        aliases: &["claude", "anthroplc"],
        hosts: &["claude.ai", "claude.com", "anthropic.com"],
    },
    KnownClient {
        name: "ChatGPT",
        aliases: &["chatgpt", "openal"],
        hosts: &["chatgpt.com", "openai.com"],
    },
    KnownClient {
        name: "Cursor",
        aliases: &["cursor", "anysphere"],
        hosts: &["cursor.com", "cursor.sh", "anysphere.co"],
    },
    KnownClient {
        name: "Visual Studio Code",
        aliases: &["vscode", "vlsualstudlo"],
        hosts: &["vscode.dev", "visualstudio.com"],
    },
    KnownClient {
        name: "GitHub Copilot",
        aliases: &["copllot"],
        hosts: &[
            "github.com",
            "githubcopilot.com",
            "microsoft.com",
            "vscode.dev",
        ],
    },
    KnownClient {
        name: "Windsurf",
        aliases: &["wlndsurf", "codelum"],
        hosts: &["windsurf.com", "codeium.com"],
    },
    KnownClient {
        name: "Gemini",
        aliases: &["gemlnl"],
        hosts: &["gemini.google.com", "google.com"],
    },
];

/// A name that imitates a known client, coming from a host that is not that client's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imitation {
    /// The known client's name.
    pub imitated: &'static str,
    /// The host the client comes from that is not the known client's.
    pub host: String,
}

/// The letter a character is read as, if it is one that counts; `None` drops it (spaces,
/// punctuation, marks, anything unrecognised).
fn letter(c: char) -> Option<char> {
    let read = match c {
        '0' | 'о' | 'ο' | 'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => 'o',
        // `i`, `l`, `1` and `|` look alike in many fonts: all read as `l`.
        'i' | 'l' | '1' | '|' | '!' | 'ı' | 'і' | 'ӏ' | 'ι' | 'ì' | 'í' | 'î' | 'ï' => 'l',
        '3' | 'е' | 'ε' | 'è' | 'é' | 'ê' | 'ë' => 'e',
        '4' | '@' | 'а' | 'α' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        '5' | '$' | 'ѕ' => 's',
        '7' | 'т' | 'τ' => 't',
        '8' | 'в' | 'β' => 'b',
        'с' | 'ϲ' | 'ç' => 'c',
        'р' | 'ρ' => 'p',
        'у' | 'ý' | 'ÿ' => 'y',
        'х' | 'χ' => 'x',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'н' | 'η' => 'h',
        'ԁ' => 'd',
        'ս' | 'υ' | 'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ɡ' => 'g',
        'ñ' => 'n',
        'ν' => 'v',
        'a'..='z' => c,
        _ => return None,
    };
    Some(read)
}

/// A name as it reads: lower case, look-alikes replaced by the letters they imitate, letter
/// pairs that look like one letter (`rn` → `m`, `vv` → `w`) merged, everything else dropped.
pub fn skeleton(name: &str) -> String {
    let letters: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(letter)
        .collect();
    letters.replace("rn", "m").replace("vv", "w")
}

/// The known client a name looks like, if any.
pub fn resembles(name: &str) -> Option<&'static KnownClient> {
    let read = skeleton(name);
    KNOWN
        .iter()
        .find(|known| known.aliases.iter().any(|alias| read.contains(alias)))
}

impl KnownClient {
    /// Whether `host` is one of this client's own domains or a subdomain of one.
    pub fn owns(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.iter().any(|own| {
            host == *own
                || host
                    .strip_suffix(own)
                    .is_some_and(|rest| rest.ends_with('.'))
        })
    }
}

/// The host an authorization code sent to `redirect_uri` reaches: its host, the domain a
/// private-use scheme reverses (`com.example.app` → `app.example.com`), or `None` for a
/// loopback address (the person's own computer).
pub fn redirect_host(redirect_uri: &str) -> Option<String> {
    let url = Url::parse(redirect_uri).ok()?;
    match url.scheme() {
        "http" | "https" => match url.host()? {
            Host::Domain(name) if is_localhost(name) => None,
            Host::Ipv4(ip) if ip.is_loopback() => None,
            Host::Ipv6(ip) if ip.is_loopback() => None,
            _ => url.host_str().map(str::to_ascii_lowercase),
        },
        scheme => Some(
            scheme
                .split('.')
                .rev()
                .collect::<Vec<_>>()
                .join(".")
                .to_ascii_lowercase(),
        ),
    }
}

fn is_localhost(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// Checks a client's name against the hosts it comes from (see the module notes).
pub fn imitation(name: &str, hosts: &[String]) -> Option<Imitation> {
    let known = resembles(name)?;
    hosts
        .iter()
        .find(|host| !known.owns(host))
        .map(|host| Imitation {
            imitated: known.name,
            host: host.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_written_as_skeletons() {
        for known in KNOWN {
            for alias in known.aliases {
                assert_eq!(skeleton(alias), *alias, "{}", known.name);
                assert!(alias.len() >= 5, "{alias} is too short to match safely");
            }
        }
    }

    #[test]
    fn look_alike_names_resemble_the_client_they_imitate() {
        for (name, imitated) in [
            ("Claude", "Claude"),
            ("claude", "Claude"),
            ("C L A U D E", "Claude"),
            ("C1aude", "Claude"),
            ("CIaude", "Claude"),
            ("Cl4ude.ai", "Claude"),
            ("Сlaude", "Claude"), // Cyrillic С
            ("Claude Code", "Claude"),
            ("Anthropic Connector", "Claude"),
            ("Chat GPT", "ChatGPT"),
            ("ChatGРT", "ChatGPT"), // Cyrillic Р
            ("OpenAI", "ChatGPT"),
            ("Cur5or", "Cursor"),
            ("CURSOR", "Cursor"),
            ("VS-Code", "Visual Studio Code"),
            ("Visual Studio Code", "Visual Studio Code"),
            ("Copi1ot", "GitHub Copilot"),
            ("Wind surf", "Windsurf"),
            ("Gemini", "Gemini"),
        ] {
            assert_eq!(
                resembles(name).map(|known| known.name),
                Some(imitated),
                "{name}"
            );
        }
        for name in [
            "Raw test client",
            "MSP Dashboard",
            "gateway-e2e (Python SDK)",
            "Clade",
            "",
        ] {
            assert!(resembles(name).is_none(), "{name}");
        }
    }

    #[test]
    fn a_known_name_from_a_foreign_host_is_an_imitation() {
        let hosts = |list: &[&str]| list.iter().map(|h| h.to_string()).collect::<Vec<_>>();
        assert_eq!(
            imitation("Claude", &hosts(&["evil.example"])),
            Some(Imitation {
                imitated: "Claude",
                host: "evil.example".into()
            })
        );
        assert_eq!(
            imitation("C1aude", &hosts(&["claude.ai.evil.example"])).map(|i| i.host),
            Some("claude.ai.evil.example".into()),
            "a look-alike host is not the client's own"
        );
        assert_eq!(
            imitation("Claude", &hosts(&["notclaude.ai"])).map(|i| i.imitated),
            Some("Claude")
        );
        assert_eq!(
            imitation("Claude", &hosts(&["claude.ai", "evil.example"])).map(|i| i.host),
            Some("evil.example".into()),
            "a document on a foreign host counts even with Claude's redirect"
        );
        assert_eq!(imitation("Claude", &hosts(&["claude.ai"])), None);
        assert_eq!(imitation("Claude", &hosts(&["www.claude.com"])), None);
        assert_eq!(imitation("ChatGPT", &hosts(&["chatgpt.com"])), None);
        assert_eq!(
            imitation("Claude Code", &[]),
            None,
            "a loopback redirect only"
        );
        assert_eq!(imitation("My MSP tool", &hosts(&["evil.example"])), None);
    }

    #[test]
    fn redirect_hosts_are_where_the_code_goes() {
        for (uri, host) in [
            ("https://claude.ai/api/mcp/auth_callback", Some("claude.ai")),
            ("https://Evil.Example/cb", Some("evil.example")),
            (
                "com.anthropic.claude:/callback",
                Some("claude.anthropic.com"),
            ),
            ("http://127.0.0.1:33418/cb", None),
            ("http://localhost:3000/callback", None),
            ("http://[::1]:3000/callback", None),
            ("not a url", None),
        ] {
            assert_eq!(redirect_host(uri).as_deref(), host, "{uri}");
        }
    }
}
