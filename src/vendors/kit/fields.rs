//! The connect form of a vendor, as data: which fields it asks for, how each is shown and
//! checked, and which are sealed. [`read`] turns a submitted form into [`Credentials`].

use super::hosts;
use crate::form::Form;
use std::collections::BTreeMap;

/// One field of a vendor's connect form.
#[derive(Debug)]
pub struct Field {
    /// The form field name and the key it is stored under.
    pub name: &'static str,
    pub label: &'static str,
    /// Where to find the value in the vendor's own UI.
    pub help: &'static str,
    pub kind: FieldKind,
    /// Example input shown in an empty text field.
    pub placeholder: &'static str,
    pub required: bool,
}

/// How a field is entered, checked and stored.
#[derive(Debug)]
pub enum FieldKind {
    /// A secret (API secret, private key, password): a masked input, sealed, never shown again.
    Secret,
    /// The public half of a credential (API key id, user name, client id): a text input,
    /// sealed with the secrets because it is useless to anyone without them.
    Identifier,
    /// One of fixed values (platform, region): plain.
    Choice(&'static [Choice]),
    /// A server the user runs or rents (https, public DNS name): plain, as an https origin.
    ServerUrl,
    /// The account's subdomain under the vendor's domain: plain, as the bare label.
    Subdomain { suffix: &'static str },
    /// A short name the vendor knows the account by (a tenant or subdomain header): plain.
    AccountName,
    /// One of the vendor's cloud sites (offered as suggestions), or the https address of a
    /// self-hosted server, checked like [`FieldKind::ServerUrl`]: plain, as an https origin.
    Site(&'static [Choice]),
    /// A value the gateway's operator sets once for every connection (the `setting`, such as
    /// ConnectWise's integration client id), which a connection may replace: shown under
    /// "Advanced", optional, `check`ed, sealed. The engine uses the operator's value when the
    /// connection leaves it blank.
    OperatorDefault {
        setting: &'static str,
        check: fn(&str) -> Option<String>,
    },
}

/// One choice of a [`FieldKind::Choice`] field.
#[derive(Debug)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

impl Field {
    /// Whether the value is sealed (secrets and identifiers) rather than stored plain.
    pub fn sealed(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Secret | FieldKind::Identifier | FieldKind::OperatorDefault { .. }
        )
    }

    /// Whether the page shows the field under "Advanced" (values most connections never need).
    pub fn advanced(&self) -> bool {
        matches!(self.kind, FieldKind::OperatorDefault { .. })
    }

    /// The operator setting a connection's blank value falls back to, if any.
    pub fn operator_setting(&self) -> Option<&'static str> {
        match self.kind {
            FieldKind::OperatorDefault { setting, .. } => Some(setting),
            _ => None,
        }
    }

    /// Whether the value decides, freely, where the credentials are sent (a typed server,
    /// subdomain or account). Choices only ever name the vendor's own hosts.
    pub fn names_a_destination(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::ServerUrl
                | FieldKind::Subdomain { .. }
                | FieldKind::AccountName
                | FieldKind::Site(_)
        )
    }
}

/// What a user entered for one connection: the plain settings and the sealed secrets.
/// `Debug` shows the secrets' names, never their values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    pub settings: BTreeMap<String, String>,
    pub secrets: BTreeMap<String, String>,
}

impl Credentials {
    /// A field's value, wherever it is stored; empty when absent (optional fields).
    pub fn get(&self, name: &str) -> &str {
        self.settings
            .get(name)
            .or_else(|| self.secrets.get(name))
            .map_or("", String::as_str)
    }

    /// Every secret value as sent (plain and form-encoded), longest first, for redacting
    /// vendor messages that quote a request back.
    pub fn secret_values(&self) -> Vec<String> {
        let mut values: Vec<String> = self
            .secrets
            .values()
            .filter(|v| v.len() >= 4)
            .flat_map(|v| {
                let encoded: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
                [v.clone(), encoded]
            })
            .collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values.dedup();
        values
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("settings", &self.settings)
            .field("secrets", &self.secrets.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A field the user must correct, with the reason shown beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// The longest value any field accepts; vendor keys are far shorter.
const MAX_VALUE_LEN: usize = 4096;

/// Reads a submitted connect form. `current` holds the saved credentials when keys are being
/// updated: a sealed field left blank keeps its saved value.
pub fn read(
    fields: &[Field],
    form: &Form,
    current: Option<&Credentials>,
) -> Result<Credentials, Vec<FieldError>> {
    let mut credentials = Credentials::default();
    let mut errors = Vec::new();
    // Saved secrets stay only where they were going: if a typed host or account name changed,
    // every sealed field must be entered again (else a session could send them elsewhere).
    let current = current.filter(|saved| {
        fields
            .iter()
            .filter(|f| f.names_a_destination())
            .all(|field| {
                let typed = form.get(field.name).map(str::trim).unwrap_or("");
                check(field, typed).is_ok_and(|value| value == saved.get(field.name))
            })
    });
    for field in fields {
        let typed = form.get(field.name).map(str::trim).unwrap_or("");
        let kept = current
            .filter(|_| typed.is_empty() && field.sealed())
            .map(|saved| saved.get(field.name))
            .filter(|saved| !saved.is_empty());
        let value = match kept {
            Some(saved) => Ok(saved.to_owned()),
            None => check(field, typed),
        };
        match value {
            Ok(value) if value.is_empty() => {}
            Ok(value) if field.sealed() => {
                credentials.secrets.insert(field.name.to_owned(), value);
            }
            Ok(value) => {
                credentials.settings.insert(field.name.to_owned(), value);
            }
            Err(message) => errors.push(FieldError {
                field: field.name,
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(credentials)
    } else {
        Err(errors)
    }
}

/// Checks one typed value; the result is what is stored (empty for an optional blank).
fn check(field: &Field, typed: &str) -> Result<String, String> {
    if typed.is_empty() {
        return if field.required {
            Err(format!("Enter the {}.", field.label.to_lowercase()))
        } else {
            Ok(String::new())
        };
    }
    if typed.len() > MAX_VALUE_LEN || typed.chars().any(char::is_control) {
        return Err(format!(
            "The {} is too long or has characters no key contains.",
            field.label.to_lowercase()
        ));
    }
    match &field.kind {
        FieldKind::Secret | FieldKind::Identifier => Ok(typed.to_owned()),
        FieldKind::Choice(choices) => choices
            .iter()
            .find(|choice| choice.value == typed)
            .map(|choice| choice.value.to_owned())
            .ok_or_else(|| format!("Choose one of the listed {}s.", field.label.to_lowercase())),
        FieldKind::ServerUrl => hosts::public_https_origin(typed).map_err(|e| capitalise(&e)),
        FieldKind::Site(sites) => match sites
            .iter()
            .find(|site| site.label.eq_ignore_ascii_case(typed) || site.value == typed)
        {
            Some(site) => Ok(site.value.to_owned()),
            None => hosts::public_https_origin(typed).map_err(|e| capitalise(&e)),
        },
        FieldKind::OperatorDefault { check: valid, .. } => valid(typed).ok_or_else(|| {
            format!(
                "The {} is not in the form the vendor issues.",
                field.label.to_lowercase()
            )
        }),
        FieldKind::Subdomain { suffix } => {
            hosts::subdomain(typed, suffix).map_err(|e| capitalise(&e))
        }
        FieldKind::AccountName => {
            if hosts::valid_label(typed) {
                Ok(typed.to_owned())
            } else {
                Err(format!(
                    "The {} uses only letters, digits and hyphens.",
                    field.label.to_lowercase()
                ))
            }
        }
    }
}

/// The credentials a call uses: `credentials`, with each blank
/// [`FieldKind::OperatorDefault`] field filled from the operator's `setting` (a plain value,
/// not a secret). `Err(setting)` names a setting that neither the operator nor the connection
/// gives.
pub fn with_operator_defaults<'a>(
    fields: &[Field],
    credentials: &'a Credentials,
    setting: impl Fn(&str) -> Option<&'a str>,
) -> Result<std::borrow::Cow<'a, Credentials>, &'static str> {
    let mut filled = std::borrow::Cow::Borrowed(credentials);
    for field in fields {
        let Some(name) = field.operator_setting() else {
            continue;
        };
        if !credentials.get(field.name).is_empty() {
            continue;
        }
        let value = setting(name).ok_or(name)?;
        filled
            .to_mut()
            .settings
            .insert(field.name.to_owned(), value.to_owned());
    }
    Ok(filled)
}

/// A GUID (`8-4-4-4-12` hexadecimal digits, braces allowed), lowercase without braces.
pub fn guid(text: &str) -> Option<String> {
    let bare = text.trim().trim_start_matches('{').trim_end_matches('}');
    let groups: Vec<&str> = bare.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let hex = groups
        .iter()
        .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    (lengths == [8, 4, 4, 4, 12] && hex).then(|| bare.to_ascii_lowercase())
}

fn capitalise(error: &hosts::HostError) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLATFORMS: &[Choice] = &[
        Choice {
            value: "merlot",
            label: "Merlot",
        },
        Choice {
            value: "concord",
            label: "Concord",
        },
    ];

    const FIELDS: &[Field] = &[
        Field {
            name: "api_key",
            label: "API key",
            help: "",
            kind: FieldKind::Identifier,
            placeholder: "",
            required: true,
        },
        Field {
            name: "api_secret",
            label: "API secret key",
            help: "",
            kind: FieldKind::Secret,
            placeholder: "",
            required: true,
        },
        Field {
            name: "platform",
            label: "Platform",
            help: "",
            kind: FieldKind::Choice(PLATFORMS),
            placeholder: "",
            required: true,
        },
        Field {
            name: "server",
            label: "Server address",
            help: "",
            kind: FieldKind::ServerUrl,
            placeholder: "",
            required: false,
        },
    ];

    fn form(pairs: &str) -> Form {
        Form::parse(pairs.as_bytes())
    }

    #[test]
    fn secrets_are_separated_from_settings() {
        let creds = read(
            FIELDS,
            &form("api_key=K1&api_secret=+S1+&platform=merlot&server=rmm.msp.local"),
            None,
        );
        // `.local` names never resolve publicly.
        assert_eq!(creds.unwrap_err()[0].field, "server");
        let creds = read(
            FIELDS,
            &form("api_key=K1&api_secret=+S1+&platform=merlot&server=rmm.msp.co.uk"),
            None,
        )
        .unwrap();
        assert_eq!(creds.secrets.get("api_key").unwrap(), "K1");
        assert_eq!(creds.secrets.get("api_secret").unwrap(), "S1");
        assert_eq!(creds.settings.get("platform").unwrap(), "merlot");
        assert_eq!(
            creds.settings.get("server").unwrap(),
            "https://rmm.msp.co.uk"
        );
        assert_eq!(creds.get("api_secret"), "S1");
        assert_eq!(creds.get("missing"), "");
    }

    #[test]
    fn every_problem_is_reported_per_field() {
        let errors = read(FIELDS, &form("platform=bordeaux&server=10.0.0.1"), None).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["api_key", "api_secret", "platform", "server"]);
        assert_eq!(errors[0].message, "Enter the api key.");
        assert!(
            errors[3].message.contains("IP address"),
            "{}",
            errors[3].message
        );
    }

    #[test]
    fn an_update_keeps_blank_sealed_fields_but_not_settings() {
        let saved = read(
            FIELDS,
            &form("api_key=K1&api_secret=S1&platform=merlot"),
            None,
        )
        .unwrap();
        let updated = read(
            FIELDS,
            &form("api_secret=S2&platform=concord"),
            Some(&saved),
        )
        .unwrap();
        assert_eq!(updated.get("api_key"), "K1");
        assert_eq!(updated.get("api_secret"), "S2");
        assert_eq!(updated.get("platform"), "concord");
        let errors = read(FIELDS, &form("api_key=K1&api_secret=S1"), Some(&saved)).unwrap_err();
        assert_eq!(errors[0].field, "platform");
    }

    #[test]
    fn saved_secrets_are_not_kept_when_the_destination_changes() {
        let saved = read(
            FIELDS,
            &form("api_key=K1&api_secret=S1&platform=merlot&server=rmm.msp.co.uk"),
            None,
        )
        .unwrap();
        let same = read(
            FIELDS,
            &form("platform=concord&server=https://rmm.msp.co.uk/"),
            Some(&saved),
        )
        .unwrap();
        assert_eq!(same.get("api_secret"), "S1", "same server: blank keeps");
        let errors = read(
            FIELDS,
            &form("platform=merlot&server=attacker.co.uk"),
            Some(&saved),
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["api_key", "api_secret"],
            "a new server needs the keys again"
        );
    }

    const SITES: &[Choice] = &[Choice {
        value: "https://api-na.vendor.com",
        label: "North America",
    }];

    const OPERATED: &[Field] = &[
        Field {
            name: "site",
            label: "Site",
            help: "",
            kind: FieldKind::Site(SITES),
            placeholder: "",
            required: true,
        },
        Field {
            name: "client_id",
            label: "Client ID",
            help: "",
            kind: FieldKind::OperatorDefault {
                setting: "VENDOR_CLIENT_ID",
                check: guid,
            },
            placeholder: "",
            required: false,
        },
    ];

    fn creds_without() -> Credentials {
        read(OPERATED, &form("site=North+America"), None).unwrap()
    }

    #[test]
    fn a_site_is_a_listed_one_or_a_public_server() {
        for (typed, stored) in [
            ("North America", "https://api-na.vendor.com"),
            ("https://api-na.vendor.com", "https://api-na.vendor.com"),
            ("cw.msp.co.uk", "https://cw.msp.co.uk"),
        ] {
            let creds = read(OPERATED, &form(&format!("site={typed}")), None).unwrap();
            assert_eq!(creds.settings.get("site").unwrap(), stored, "{typed}");
        }
        let errors = read(OPERATED, &form("site=10.1.2.3"), None).unwrap_err();
        assert_eq!(errors[0].field, "site");
        assert!(OPERATED[0].names_a_destination());
    }

    #[test]
    fn an_operator_default_is_optional_advanced_checked_and_sealed() {
        let creds = read(OPERATED, &form("site=North+America"), None).unwrap();
        assert_eq!(
            creds.get("client_id"),
            "",
            "blank: the operator's value applies"
        );
        let creds = read(
            OPERATED,
            &form("site=North+America&client_id={0A1B2C3D-1111-2222-3333-444455556666}"),
            None,
        )
        .unwrap();
        assert_eq!(
            creds.secrets.get("client_id").unwrap(),
            "0a1b2c3d-1111-2222-3333-444455556666"
        );
        let errors = read(OPERATED, &form("site=North+America&client_id=nope"), None).unwrap_err();
        assert_eq!(errors[0].field, "client_id");
        assert!(OPERATED[1].advanced() && !OPERATED[0].advanced());
        assert_eq!(OPERATED[1].operator_setting(), Some("VENDOR_CLIENT_ID"));
        assert_eq!(guid("0a1b2c3d-1111-2222-3333-44445555666"), None);
        let operator = "11111111-2222-3333-4444-555555555555";
        let without = creds_without();
        let filled = with_operator_defaults(OPERATED, &without, |name| {
            (name == "VENDOR_CLIENT_ID").then_some(operator)
        })
        .unwrap();
        assert_eq!(filled.get("client_id"), operator);
        assert_eq!(
            with_operator_defaults(OPERATED, &creds_without(), |_| None),
            Err("VENDOR_CLIENT_ID")
        );
        let own = read(
            OPERATED,
            &form("site=North+America&client_id=0a1b2c3d-1111-2222-3333-444455556666"),
            None,
        )
        .unwrap();
        let kept = with_operator_defaults(OPERATED, &own, |_| Some(operator)).unwrap();
        assert_eq!(
            kept.get("client_id"),
            "0a1b2c3d-1111-2222-3333-444455556666"
        );
        assert_eq!(guid("0a1b2c3d-1111-2222-3333-44445555666g"), None);
    }

    #[test]
    fn debug_output_names_secrets_without_values() {
        let creds = read(
            FIELDS,
            &form("api_key=KEY1&api_secret=SECRET1&platform=merlot"),
            None,
        )
        .unwrap();
        let shown = format!("{creds:?}");
        assert!(
            shown.contains("api_secret") && shown.contains("merlot"),
            "{shown}"
        );
        assert!(
            !shown.contains("SECRET1") && !shown.contains("KEY1"),
            "{shown}"
        );
    }

    #[test]
    fn secret_values_for_redaction_skip_trivial_ones() {
        let creds = read(
            FIELDS,
            &form("api_key=abc&api_secret=longer-secret&platform=merlot"),
            None,
        )
        .unwrap();
        assert_eq!(creds.secret_values(), ["longer-secret"]);
        let spaced = read(
            FIELDS,
            &form("api_key=abc&api_secret=a+b%2Fc%2Bd&platform=merlot"),
            None,
        )
        .unwrap();
        assert_eq!(spaced.secret_values(), ["a+b%2Fc%2Bd", "a b/c+d"]);
    }
}
