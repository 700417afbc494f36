//! The server-rendered pages, as askama templates in `templates/` (HTML-escaped by default).

use askama::Template;

/// `/sign-in`.
#[derive(Template)]
#[template(path = "sign_in.html")]
pub struct SignIn<'a> {
    pub csrf_token: &'a str,
    pub return_to: &'a str,
    pub email: &'a str,
    pub error: Option<&'a str>,
}

/// `/sign-up`: the organisation and the email; the password comes with the emailed link.
#[derive(Template)]
#[template(path = "sign_up.html")]
pub struct SignUp<'a> {
    pub csrf_token: &'a str,
    pub return_to: &'a str,
    pub organisation: &'a str,
    pub email: &'a str,
    pub error: Option<&'a str>,
}

/// `/sign-up/finish`: the emailed link's page, where the password is chosen.
#[derive(Template)]
#[template(path = "sign_up_finish.html")]
pub struct SignUpFinish<'a> {
    pub csrf_token: &'a str,
    pub token: &'a str,
    pub email: &'a str,
    pub organisation: &'a str,
    pub min_password: usize,
    pub error: Option<String>,
}

/// `/forgot-password`.
#[derive(Template)]
#[template(path = "forgot_password.html")]
pub struct ForgotPassword<'a> {
    pub csrf_token: &'a str,
    pub email: &'a str,
    pub error: Option<&'a str>,
}

/// `/reset-password`: the emailed link's page, where the new password is chosen.
#[derive(Template)]
#[template(path = "reset_password.html")]
pub struct ResetPassword<'a> {
    pub csrf_token: &'a str,
    pub token: &'a str,
    pub min_password: usize,
    pub error: Option<String>,
}

/// One scope on the consent page.
pub struct ScopeChoice {
    pub name: &'static str,
    pub description: &'static str,
    pub checked: bool,
    /// Always granted (the page shows it ticked and disabled).
    pub locked: bool,
}

/// The consent step of `/oauth/authorize`.
#[derive(Template)]
#[template(path = "consent.html")]
pub struct Consent<'a> {
    pub csrf_token: &'a str,
    pub email: &'a str,
    /// The name the client gave itself.
    pub client_name: &'a str,
    /// Whether the gateway vouches for the client (otherwise the page says "unverified").
    pub client_verified: bool,
    /// For a metadata-document client, the host of its `client_id` URL.
    pub document_host: Option<&'a str>,
    /// Set when the name imitates a known client from a host that is not that client's.
    pub imitation: Option<crate::oauth::known_clients::Imitation>,
    pub redirect_host: &'a str,
    pub loopback_redirect: bool,
    /// The vendor, when the request named one; otherwise the user chooses.
    pub vendor_name: Option<&'a str>,
    pub vendor_choices: Vec<(&'static str, &'static str)>,
    /// The user's working connections to the vendor (id, label); the grant uses one.
    pub connections: Vec<(String, String)>,
    pub scopes: Vec<ScopeChoice>,
    /// The authorization request's parameters, carried to the decision.
    pub hidden: Vec<(&'static str, String)>,
}

/// A page explaining an error that must not be redirected to the client.
#[derive(Template)]
#[template(path = "error.html")]
pub struct Error<'a> {
    pub title: &'a str,
    pub message: &'a str,
}

/// A page telling the person something went as intended, with the way onward.
#[derive(Template)]
#[template(path = "message.html")]
pub struct Message<'a> {
    pub title: &'a str,
    pub message: &'a str,
    pub link_href: &'a str,
    pub link_text: &'a str,
}

/// The step between "Sign in with <vendor>" and the vendor's own sign-in page: a redirect
/// straight from the form would be stopped by the page's `form-action 'self'`.
#[derive(Template)]
#[template(path = "continue_to_vendor.html")]
pub struct ContinueToVendor<'a> {
    pub vendor_name: &'a str,
    /// The vendor's host, shown so the person knows where they are going.
    pub host: &'a str,
    pub url: &'a str,
}

/// One tab of the settings navigation.
pub struct Tab {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// The header and tabs every settings page shares.
pub struct Nav {
    pub csrf_token: String,
    pub email: String,
    pub tenant_name: String,
    pub tabs: Vec<Tab>,
    /// A fixed message after an action (see `settings::notice`).
    pub notice: Option<&'static str>,
}

/// A connection as listed.
pub struct ConnectionView {
    pub id: String,
    pub vendor_id: &'static str,
    pub vendor_name: &'static str,
    pub label: String,
    /// `active`, `needs_reauth` or `revoked`.
    pub status: String,
    pub status_label: &'static str,
    pub status_reason: Option<String>,
    /// The plain settings, as `Platform: Merlot`.
    pub summary: String,
    pub created: String,
    pub last_used: String,
    pub last_verified: String,
    pub testable: bool,
    /// The vendor's toolsets, ticked as the connection chose; empty without tools.
    pub toolsets: Vec<ToolsetView>,
    /// When the connection was paused (`/settings/pauses` says by whom), if it is.
    pub paused_since: Option<String>,
}

/// A toolset on the vendors page.
pub struct ToolsetView {
    pub name: &'static str,
    pub description: &'static str,
    pub checked: bool,
    /// How many tools it holds.
    pub tools: usize,
}

/// `/settings`: the overview.
#[derive(Template)]
#[template(path = "settings_overview.html")]
pub struct Overview<'a> {
    pub nav: Nav,
    pub role: &'a str,
    pub connections: Vec<ConnectionView>,
    pub app_count: usize,
    pub example_url: String,
}

/// A vendor on `/settings/vendors`, with the user's connections to it.
pub struct VendorRow {
    pub id: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub connections: Vec<ConnectionView>,
}

/// `/settings/vendors`.
#[derive(Template)]
#[template(path = "settings_vendors.html")]
pub struct Vendors {
    pub nav: Nav,
    pub vendors: Vec<VendorRow>,
    /// The outcome of a test that just ran, when it failed.
    pub error: Option<String>,
    /// The usage panels of the vendor accounts the person's connections spend from.
    pub budgets: Vec<BudgetPanel>,
}

/// One vendor account's usage panel (`settings/budgets.rs`, `vendor_budget.html`).
#[derive(Debug, Default)]
pub struct BudgetPanel {
    pub vendor_id: &'static str,
    /// Where the account is (the vendor's API host for the connection).
    pub account: String,
    /// Whether the account's budget keeper answered.
    pub available: bool,
    /// The gateway's share of the budget, in words.
    pub budget: String,
    pub left: u32,
    pub used: u32,
    pub calls_this_hour: u32,
    pub calls_today: u32,
    /// 429s the vendor answered over the last 24 hours.
    pub rate_limited: u32,
    /// Until when the vendor asked for quiet, if still ahead.
    pub blocked_until: Option<String>,
    /// The vendor's own count, where it reports one.
    pub vendor_count: Option<String>,
}

/// One choice of a select field.
pub struct ChoiceView {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// One field of a connect form.
pub struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    /// `text`, `password` or `select`.
    pub input: &'static str,
    pub choices: Vec<ChoiceView>,
    /// The value to show (plain fields only; secrets are never shown again).
    pub value: String,
    pub placeholder: &'static str,
    pub required: bool,
    /// A sealed value is stored: leaving the field blank keeps it.
    pub saved: bool,
    pub error: Option<String>,
    /// Shown under "Advanced" (a value most connections leave to the gateway).
    pub advanced: bool,
}

/// `/settings/vendors/<vendor>/connect`: enter, test and save a vendor's credentials.
#[derive(Template)]
#[template(path = "connect.html")]
pub struct ConnectPage<'a> {
    pub csrf_token: &'a str,
    pub email: &'a str,
    pub vendor_id: &'static str,
    pub vendor_name: &'static str,
    pub docs_url: &'static str,
    pub instructions: &'static str,
    pub fields: Vec<FieldView>,
    pub label: &'a str,
    /// The connection being updated (key rotation), if any.
    pub connection_id: Option<&'a str>,
    pub return_to: &'a str,
    /// Whether "Test connection" is available for this vendor yet.
    pub testable: bool,
    /// Part of connecting an app (the OAuth flow).
    pub in_oauth_flow: bool,
    pub error: Option<String>,
    /// Some fields go under "Advanced"; `advanced_open` when one of them needs attention.
    pub has_advanced: bool,
    pub advanced_open: bool,
    /// "Sign in with <vendor>", for vendors that offer it.
    pub sign_in: Option<SignInView>,
}

/// The "Sign in with <vendor>" part of a connect page.
pub struct SignInView {
    pub fields: Vec<FieldView>,
    /// How to register the vendor application, step by step.
    pub steps: &'static [&'static str],
    /// The gateway's callback, to register at the vendor as the redirect URI.
    pub callback: String,
}

/// A grant on `/settings/apps`.
pub struct AppView {
    pub grant_id: String,
    pub client_name: String,
    pub vendor_name: String,
    pub connection_label: Option<String>,
    pub scopes: Vec<&'static str>,
    /// The permissions the user may give or take back, ticked as the grant holds them.
    pub choices: Vec<ScopeChoice>,
    pub created: String,
    pub last_used: String,
}

/// `/settings/apps`: connected apps.
#[derive(Template)]
#[template(path = "settings_apps.html")]
pub struct Apps {
    pub nav: Nav,
    pub apps: Vec<AppView>,
}

/// One row of the audit log.
pub struct AuditRow {
    pub time: String,
    pub actor: String,
    /// The action in words.
    pub description: &'static str,
    /// The stored action name, as exported.
    pub action: String,
    pub outcome: String,
    pub vendor: String,
    pub detail: String,
}

/// `/settings/audit`.
#[derive(Template)]
#[template(path = "settings_audit.html")]
pub struct AuditLog {
    pub nav: Nav,
    pub rows: Vec<AuditRow>,
    /// Whether the whole tenant's events are shown (owners and admins).
    pub tenant_wide: bool,
    /// The query for the next (older) page, if there is one.
    pub older: Option<String>,
}

/// `/settings/account`.
#[derive(Template)]
#[template(path = "settings_account.html")]
pub struct AccountPage<'a> {
    pub nav: Nav,
    pub email: &'a str,
    pub role: &'a str,
    pub min_password: usize,
    pub password_error: Option<String>,
    pub delete_error: Option<String>,
}

/// A member on `/settings/members`.
pub struct MemberView {
    pub user_id: String,
    pub email: String,
    pub role: String,
    pub joined: String,
    pub is_self: bool,
    /// Whether the viewer may remove this member.
    pub removable: bool,
}

/// An invitation not yet accepted.
pub struct InvitationView {
    pub email: String,
    pub role: String,
    pub expires: String,
}

/// `/settings/members`.
#[derive(Template)]
#[template(path = "settings_members.html")]
pub struct Members {
    pub nav: Nav,
    pub members: Vec<MemberView>,
    pub invitations: Vec<InvitationView>,
    /// Whether the viewer may invite (owners and admins).
    pub can_invite: bool,
    /// Whether the viewer may change roles (owners).
    pub can_change_roles: bool,
    /// The roles the viewer may invite.
    pub invite_roles: Vec<&'static str>,
    /// A link just created, shown once.
    pub invite_link: Option<String>,
    pub error: Option<String>,
}

/// `/invite`: joining an organisation.
#[derive(Template)]
#[template(path = "invite.html")]
pub struct Invite<'a> {
    pub csrf_token: &'a str,
    pub token: &'a str,
    pub tenant_name: &'a str,
    pub email: &'a str,
    pub role: &'a str,
    /// What the visitor must do: `join` (signed in as the invitee), `create` (no account
    /// yet), `sign_in` (an account exists) or `other_user` (signed in as someone else).
    pub step: &'static str,
    pub min_password: usize,
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped() {
        let page = Error {
            title: "Oops",
            message: "<script>alert(1)</script>",
        }
        .render()
        .unwrap();
        // askama escapes `<` and `>` as numeric character references.
        assert!(
            page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
            "{page}"
        );
        assert!(!page.contains("<script>"));
    }

    fn assert_labelled(page: &str, ids: &[&str]) {
        for id in ids {
            assert!(
                page.contains(&format!("<label for=\"{id}\">")),
                "no label for {id}"
            );
            assert!(page.contains(&format!("id=\"{id}\"")));
        }
    }

    #[test]
    fn every_input_on_the_sign_up_pages_has_a_label() {
        let page = SignUp {
            csrf_token: "t",
            return_to: "/settings",
            organisation: "",
            email: "",
            error: None,
        }
        .render()
        .unwrap();
        assert_labelled(&page, &["organisation", "email"]);
        assert!(
            !page.contains("type=\"password\""),
            "the password is chosen after the link"
        );
        let page = SignUpFinish {
            csrf_token: "t",
            token: "sup_x",
            email: "new@msp.example",
            organisation: "Northwind IT",
            min_password: 10,
            error: None,
        }
        .render()
        .unwrap();
        assert_labelled(&page, &["password"]);
        assert!(page.contains("name=\"token\" value=\"sup_x\""));
    }

    #[test]
    fn every_input_on_the_reset_pages_has_a_label() {
        let page = ForgotPassword {
            csrf_token: "t",
            email: "",
            error: None,
        }
        .render()
        .unwrap();
        assert_labelled(&page, &["email"]);
        let page = ResetPassword {
            csrf_token: "t",
            token: "rst_x",
            min_password: 10,
            error: Some("Too short".into()),
        }
        .render()
        .unwrap();
        assert_labelled(&page, &["new_password"]);
        assert!(page.contains("role=\"alert\">Too short"));
    }
}

/// One day's calls per vendor, for the table beside the calls chart.
pub struct DayCalls {
    pub day: String,
    /// In the order of [`UsagePage::vendor_names`].
    pub counts: Vec<i64>,
    pub total: i64,
}

/// One day's errors, for the table beside the error-rate chart.
pub struct DayErrors {
    pub day: String,
    pub calls: i64,
    pub errors: i64,
    pub rate: String,
}

/// One vendor's latency percentiles, in milliseconds.
pub struct LatencyView {
    pub vendor: String,
    pub calls: i64,
    pub vendor_p50: i64,
    pub vendor_p95: i64,
    pub gateway_p50: i64,
    pub gateway_p95: i64,
}

/// A tool or a user in a ranking.
pub struct TopView {
    pub label: String,
    /// The tool's vendor (empty for users).
    pub vendor: String,
    pub calls: i64,
    pub errors: i64,
}

/// `/settings/usage`. The charts are finished SVG built by `usage::chart`, which escapes
/// every text it takes from data.
#[derive(Template)]
#[template(path = "settings_usage.html")]
pub struct UsagePage {
    pub nav: Nav,
    /// Whether the organisation's usage is shown (owners and admins) or the user's own.
    pub tenant_wide: bool,
    pub from: String,
    pub to: String,
    pub error: Option<String>,
    pub total_calls: i64,
    pub total_errors: i64,
    pub error_rate: String,
    pub vendor_names: Vec<String>,
    pub calls_chart: String,
    pub calls_table: Vec<DayCalls>,
    pub error_chart: String,
    pub error_table: Vec<DayErrors>,
    pub latency_chart: String,
    pub latency_rows: Vec<LatencyView>,
    pub tools_chart: String,
    pub tools: Vec<TopView>,
    pub users_chart: String,
    pub users: Vec<TopView>,
    pub export_query: String,
}

/// A configured alert webhook or audit stream, as `/settings/monitoring` shows it.
pub struct SinkView {
    /// The receiver's host (the URL's path and query are never shown).
    pub host: String,
    pub format: String,
    pub last_status: String,
    pub last_attempt: String,
    pub last_success: String,
    /// Consecutive failed deliveries.
    pub failures: i64,
    /// When the next retry is due, while failing.
    pub next_attempt: Option<String>,
    /// The last audit event id handled.
    pub cursor: i64,
    /// Audit events waiting to be streamed (the stream only).
    pub pending: Option<i64>,
}

/// A signing secret shown once, and what it signs for.
pub struct SecretView {
    /// `alerts` or `audit stream`.
    pub which: &'static str,
    pub value: String,
}

/// One recent alert.
pub struct AlertRow {
    pub id: i64,
    pub event: String,
    pub created: String,
    pub state: String,
    pub attempts: i64,
    pub last_status: String,
}

/// `/settings/monitoring`.
#[derive(Template)]
#[template(path = "settings_monitoring.html")]
pub struct MonitoringPage {
    pub nav: Nav,
    /// Owners and admins see the configuration and its status.
    pub can_view: bool,
    /// Owners change it.
    pub can_edit: bool,
    pub error: Option<String>,
    /// Right after saving: the signing secret (shown this once).
    pub secret: Option<SecretView>,
    pub test_result: Option<String>,
    pub alerts: Option<SinkView>,
    pub stream: Option<SinkView>,
    pub recent: Vec<AlertRow>,
    pub alert_formats: Vec<(&'static str, &'static str)>,
    pub stream_formats: Vec<(&'static str, &'static str)>,
    /// The alert events (name, title), for the page's list.
    pub events: Vec<(&'static str, &'static str)>,
}

/// `/settings/pauses`: the kill switches (`src/killswitch.rs`).
#[derive(Template)]
#[template(path = "settings_pauses.html")]
pub struct Pauses {
    pub nav: Nav,
    /// The names of the vendors the gateway's operator paused for everyone.
    pub operator_paused: Vec<&'static str>,
    /// The organisation's pause, if it is paused.
    pub organisation: Option<PausedView>,
    /// Whether the viewer may pause or resume the organisation (owners and admins).
    pub can_switch_organisation: bool,
    /// The connections the viewer may see: every member's for owners and admins, else their own.
    pub connections: Vec<PausableView>,
    /// Whether `connections` holds every member's (owners and admins).
    pub every_member: bool,
    /// A refusal or failure to show.
    pub error: Option<String>,
}

/// Who paused something, and since when.
pub struct PausedView {
    /// The email of who paused it, or "a former member".
    pub by: String,
    pub since: String,
}

/// A connection on the pauses page.
pub struct PausableView {
    pub id: String,
    pub vendor_name: &'static str,
    pub label: String,
    /// The email of the member whose connection it is.
    pub owner: String,
    pub is_own: bool,
    pub paused: Option<PausedView>,
    /// Whether the operator paused its vendor for everyone.
    pub operator_paused: bool,
}
