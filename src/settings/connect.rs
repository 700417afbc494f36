//! `/settings/vendors/<vendor>/connect`: the connect page generated from the vendor's
//! definition. "Test and save" checks the keys against the vendor before anything is stored;
//! with `connection=<id>` the same page updates (rotates) an existing connection's keys.
//! The OAuth flow sends a user without a connection here and gets them back afterwards.

use super::vendors::describe_failure;
use super::{or_respond, signed_in, signed_in_form, SignedIn};
use crate::accounts::web::safe_return_to;
use crate::audit::Action;
use crate::config::Config;
use crate::db::{self, Db};
use crate::form::Form;
use crate::http;
use crate::oauth::registration::clean_name;
use crate::oauth::secrets;
use crate::ui::pages::{ChoiceView, ConnectPage, FieldView};
use crate::ui::render;
use crate::vault::connections::{self, status, Connection, NewConnection};
use crate::vendors::engine::{self, Target};
use crate::vendors::kit::fields::{self, Credentials, FieldError, FieldKind};
use crate::vendors::Vendor;
use std::collections::BTreeMap;
use worker::{Env, Request, Response, Result};

/// Where the page returns to when the request names nowhere.
const DEFAULT_RETURN: &str = "/settings/vendors";

/// The form fields as shown: `values` fill the text fields and choices (callers pass plain
/// settings and identifiers just typed, never saved sealed values), secrets are always blank,
/// and errors sit beside their field.
pub fn field_views(
    vendor: &Vendor,
    values: &BTreeMap<String, String>,
    has_saved_secrets: bool,
    errors: &[FieldError],
) -> Vec<FieldView> {
    vendor
        .connect
        .fields
        .iter()
        .map(|field| {
            // A secret is never shown again; an identifier only as just typed, never as saved.
            let value = match field.kind {
                FieldKind::Secret => String::new(),
                _ => values.get(field.name).cloned().unwrap_or_default(),
            };
            let (input, choices) = match &field.kind {
                FieldKind::Secret => ("password", Vec::new()),
                // Suggestions for a typed value: the vendor's cloud sites.
                FieldKind::Site(choices) => (
                    "text",
                    choices
                        .iter()
                        .map(|c| ChoiceView {
                            value: c.value,
                            label: c.label,
                            selected: false,
                        })
                        .collect(),
                ),
                FieldKind::Choice(choices) => (
                    "select",
                    choices
                        .iter()
                        .map(|c| ChoiceView {
                            value: c.value,
                            label: c.label,
                            selected: c.value == value,
                        })
                        .collect(),
                ),
                _ => ("text", Vec::new()),
            };
            let saved = has_saved_secrets && field.sealed();
            FieldView {
                name: field.name,
                label: field.label,
                help: field.help,
                input,
                choices,
                value,
                placeholder: field.placeholder,
                required: field.required && !saved,
                saved,
                error: errors
                    .iter()
                    .find(|e| e.field == field.name)
                    .map(|e| e.message.clone()),
                advanced: field.advanced(),
            }
        })
        .collect()
}

/// Everything a render of the page needs besides the fields.
struct Context<'a> {
    signed_in: &'a SignedIn,
    vendor: &'static Vendor,
    connection: Option<&'a Connection>,
    return_to: &'a str,
}

impl Context<'_> {
    fn render(
        &self,
        status: u16,
        fields: Vec<FieldView>,
        label: &str,
        error: Option<String>,
    ) -> Result<Response> {
        let has_advanced = fields.iter().any(|f| f.advanced);
        let advanced_open = fields
            .iter()
            .any(|f| f.advanced && (f.error.is_some() || !f.value.is_empty()));
        let page = ConnectPage {
            csrf_token: &self.signed_in.browser.csrf_token(),
            email: &self.signed_in.user.email,
            vendor_id: self.vendor.id,
            vendor_name: self.vendor.name,
            docs_url: self.vendor.connect.docs_url,
            instructions: self.vendor.connect.instructions,
            fields,
            label,
            connection_id: self.connection.map(|c| c.id.as_str()),
            return_to: self.return_to,
            testable: testable(self.vendor),
            in_oauth_flow: self.return_to.starts_with("/oauth/authorize"),
            error,
            has_advanced,
            advanced_open,
        };
        self.signed_in.page(status, render(&page))
    }
}

fn testable(vendor: &Vendor) -> bool {
    vendor.api.is_some()
}

/// The connection the request's `connection` field names (an update), `None` for a new one,
/// or the way back when it is not the user's live connection to this vendor.
async fn existing(
    signed_in: &SignedIn,
    db: &Db,
    vendor: &Vendor,
    form: &Form,
) -> Result<std::result::Result<Option<Connection>, Response>> {
    let Some(id) = form.get("connection") else {
        return Ok(Ok(None));
    };
    let user = &signed_in.user;
    match connections::find(db, &user.tenant_id, &user.user_id, id).await? {
        Some(c) if c.vendor == vendor.id && c.status != status::REVOKED => Ok(Ok(Some(c))),
        _ => Ok(Err(super::back(signed_in, DEFAULT_RETURN, "not_found")?)),
    }
}

fn settings_of(connection: Option<&Connection>) -> BTreeMap<String, String> {
    connection
        .and_then(|c| serde_json::from_str(&c.settings).ok())
        .unwrap_or_default()
}

/// `GET /settings/vendors/<vendor>/connect`.
pub async fn show(
    req: Request,
    config: &Config,
    db: &Db,
    vendor: &'static Vendor,
) -> Result<Response> {
    let (signed_in, query) = or_respond!(signed_in(&req, config, db).await);
    let connection = or_respond!(existing(&signed_in, db, vendor, &query).await);
    let context = Context {
        signed_in: &signed_in,
        vendor,
        connection: connection.as_ref(),
        return_to: return_target(query.get("return_to")),
    };
    let fields = field_views(
        vendor,
        &settings_of(connection.as_ref()),
        connection.is_some(),
        &[],
    );
    let label = connection.as_ref().map_or("", |c| c.label.as_str());
    context.render(200, fields, label, None)
}

fn return_target(value: Option<&str>) -> &str {
    match value {
        Some(_) => safe_return_to(value),
        None => DEFAULT_RETURN,
    }
}

/// `POST /settings/vendors/<vendor>/connect`: validate, test against the vendor, seal, save.
pub async fn submit(
    mut req: Request,
    env: &Env,
    config: &Config,
    db: &Db,
    vendor: &'static Vendor,
) -> Result<Response> {
    let (signed_in, form) = or_respond!(signed_in_form(&mut req, config, db).await);
    let connection = or_respond!(existing(&signed_in, db, vendor, &form).await);
    let return_to = return_target(form.get("return_to"));
    let context = Context {
        signed_in: &signed_in,
        vendor,
        connection: connection.as_ref(),
        return_to,
    };
    let user = &signed_in.user;
    let ip = http::client_ip(&req);
    let typed_label = clean_name(form.get("label").unwrap_or(""));
    let now = db::now();

    // On an update, blank sealed fields keep their saved values.
    let current: Option<Credentials> = match &connection {
        Some(c) => match c.open(&config.credential_keys) {
            Ok(credentials) => {
                signed_in
                    .event(Action::ConnectionUnsealed, &ip)
                    .on(Some(vendor.id), &c.id)
                    .detail("to update its keys")
                    .record(db, now)
                    .await?;
                Some(credentials)
            }
            Err(_) => None,
        },
        None => None,
    };
    let credentials = match fields::read(vendor.connect.fields, &form, current.as_ref()) {
        Ok(credentials) => credentials,
        Err(errors) => {
            let typed = typed_values(vendor, &form);
            let fields = field_views(vendor, &typed, current.is_some(), &errors);
            return context.render(
                400,
                fields,
                &typed_label,
                Some("Some fields need your attention.".into()),
            );
        }
    };
    let connection_id = connection
        .as_ref()
        .map_or_else(|| secrets::new_id("con"), |c| c.id.clone());
    let settings = connections::settings_json(&credentials);
    let binding = connections::binding(
        &user.tenant_id,
        &user.user_id,
        vendor.id,
        &connection_id,
        &settings,
    );
    let sealed = connections::seal_credentials(&config.credential_keys, &binding, &credentials);
    let fingerprint = connections::fingerprint(&sealed.blob);

    let mut account_name = None;
    let mut verified_at = None;
    if let Some(api) = vendor.api {
        let target = Target {
            vendor,
            upstream: &api.upstream,
            credentials: &credentials,
            tenant_id: &user.tenant_id,
            user_id: &user.user_id,
            connection_id: &connection_id,
            fingerprint: &fingerprint,
            timings: None,
        };
        match engine::verify(env, config, &target).await {
            Ok(name) => {
                account_name = name;
                verified_at = Some(now);
            }
            Err(error) => {
                let message = describe_failure(vendor, &error);
                signed_in
                    .event(Action::ConnectionTested, &ip)
                    .on(Some(vendor.id), &connection_id)
                    .detail(&message)
                    .failed()
                    .record(db, now)
                    .await?;
                let typed = typed_values(vendor, &form);
                let fields = field_views(vendor, &typed, current.is_some(), &[]);
                return context.render(
                    422,
                    fields,
                    &typed_label,
                    Some(format!("Test failed. {message}")),
                );
            }
        }
    }

    let label = match choose_label(
        &signed_in,
        db,
        vendor,
        connection.as_ref(),
        &typed_label,
        account_name.as_deref(),
    )
    .await?
    {
        Ok(label) => label,
        Err(message) => {
            let fields = field_views(vendor, &credentials.settings, current.is_some(), &[]);
            return context.render(409, fields, &typed_label, Some(message));
        }
    };
    let mut statements = Vec::new();
    let (action, notice) = match &connection {
        Some(existing) => {
            statements.push(connections::update_keys(
                existing,
                &settings,
                &sealed,
                verified_at,
                now,
            ));
            statements.push(connections::rename(existing, &label));
            (Action::ConnectionUpdated, "updated")
        }
        None => {
            statements.push(connections::insert(
                &NewConnection {
                    id: &connection_id,
                    tenant_id: &user.tenant_id,
                    user_id: &user.user_id,
                    vendor: vendor.id,
                    label: &label,
                    settings: &settings,
                    sealed: &sealed,
                    verified_at,
                },
                now,
            ));
            (
                Action::ConnectionCreated,
                if verified_at.is_some() {
                    "connected"
                } else {
                    "saved"
                },
            )
        }
    };
    if verified_at.is_some() {
        let tested = signed_in.event(Action::ConnectionTested, &ip);
        statements.push(tested.on(Some(vendor.id), &connection_id).statement(now));
    }
    let saved = signed_in
        .event(action, &ip)
        .on(Some(vendor.id), &connection_id);
    statements.push(saved.detail(&label).statement(now));
    if db.batch(statements).await.is_err() {
        // Another save won the race (a double submit, or the same name chosen twice at once).
        let fields = field_views(vendor, &typed_values(vendor, &form), current.is_some(), &[]);
        let message = format!(
            "A {} connection named {label} was saved a moment ago. Open Vendors to see it, or choose another name.",
            vendor.name
        );
        return context.render(409, fields, &typed_label, Some(message));
    }
    if let Some(old) = &connection {
        engine::forget_session(env, &old.id, &old.fingerprint()).await;
    }
    if return_to.starts_with("/settings") {
        super::back(&signed_in, return_to, notice)
    } else {
        signed_in.browser.finish(http::redirect(303, return_to)?)
    }
}

/// The values typed into every field but the secrets, to show again after a mistake.
fn typed_values(vendor: &Vendor, form: &Form) -> BTreeMap<String, String> {
    vendor
        .connect
        .fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::Secret))
        .filter_map(|f| form.get(f.name).map(|v| (f.name.to_owned(), v.to_owned())))
        .collect()
}

/// The connection's name: what the user typed (unique among their connections to this
/// vendor), else the saved one, else the vendor's account name or the vendor's name with a
/// number when that is taken.
async fn choose_label(
    signed_in: &SignedIn,
    db: &Db,
    vendor: &Vendor,
    connection: Option<&Connection>,
    typed: &str,
    account_name: Option<&str>,
) -> Result<std::result::Result<String, String>> {
    let user = &signed_in.user;
    let taken: Vec<String> = connections::list(db, &user.tenant_id, &user.user_id)
        .await?
        .into_iter()
        .filter(|c| c.vendor == vendor.id && c.status != status::REVOKED)
        .filter(|c| connection.is_none_or(|own| own.id != c.id))
        .map(|c| c.label)
        .collect();
    if !typed.is_empty() {
        return Ok(if taken.iter().any(|t| t == typed) {
            Err(format!(
                "You already have a {} connection named {typed}. Choose another name.",
                vendor.name
            ))
        } else {
            Ok(typed.to_owned())
        });
    }
    if let Some(own) = connection {
        return Ok(Ok(own.label.clone()));
    }
    let base = clean_name(account_name.unwrap_or(vendor.name));
    let base = if base.is_empty() {
        vendor.name.to_owned()
    } else {
        base
    };
    let label = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base} ({n})")
            }
        })
        .find(|candidate| !taken.contains(candidate))
        .expect("an unused label exists");
    Ok(Ok(label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors;

    #[test]
    fn secrets_are_never_shown_again_but_settings_are() {
        let datto = vendors::find("datto-rmm").unwrap();
        let settings = BTreeMap::from([
            ("platform".to_owned(), "merlot".to_owned()),
            ("api_secret".to_owned(), "leak".to_owned()),
            ("api_key".to_owned(), "typed-key".to_owned()),
        ]);
        let views = field_views(datto, &settings, true, &[]);
        let secret = views.iter().find(|v| v.name == "api_secret").unwrap();
        assert_eq!(secret.value, "");
        assert_eq!(secret.input, "password");
        assert!(
            secret.saved && !secret.required,
            "blank keeps the saved secret"
        );
        let platform = views.iter().find(|v| v.name == "platform").unwrap();
        assert_eq!(platform.input, "select");
        assert!(platform
            .choices
            .iter()
            .any(|c| c.value == "merlot" && c.selected));
    }

    #[test]
    fn the_connectwise_client_id_waits_under_advanced() {
        for id in ["connectwise-psa", "connectwise-automate"] {
            let vendor = vendors::find(id).unwrap();
            let views = field_views(vendor, &BTreeMap::new(), false, &[]);
            let client = views.iter().find(|v| v.name == "client_id").unwrap();
            assert!(client.advanced && !client.required, "{id}");
            assert!(
                views
                    .iter()
                    .filter(|v| v.name != "client_id")
                    .all(|v| !v.advanced),
                "{id}: only the client id is advanced"
            );
        }
        let psa = vendors::find("connectwise-psa").unwrap();
        let views = field_views(psa, &BTreeMap::new(), false, &[]);
        let site = views.iter().find(|v| v.name == "site").unwrap();
        assert_eq!(site.input, "text");
        assert!(site.choices.iter().any(|c| c.label == "Europe"));
    }

    #[test]
    fn return_targets_stay_on_site() {
        assert_eq!(return_target(None), DEFAULT_RETURN);
        assert_eq!(return_target(Some("https://evil.example")), "/settings");
        assert_eq!(
            return_target(Some("/oauth/authorize?client_id=x")),
            "/oauth/authorize?client_id=x"
        );
    }
}
