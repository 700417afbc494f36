//! Kill switches (issue 19), pure: which pause holds a tool call back, the tool error the
//! model reads, and who may pause or resume what.
//!
//! Three switches stop a vendor being called, checked in this order:
//! - the operator's `PAUSED_VENDORS` (a vendor outage, an API change), for everyone;
//! - an organisation's pause (`tenants.paused_at`), for every connection of every member;
//! - a connection's pause (`vendor_connections.paused_at`).
//!
//! The two stored ones arrive with the grant in the one query every MCP request already makes
//! (`oauth::store::active_grant`), so checking them costs no storage round trip and a pause
//! or resume takes effect on the next request. The endpoint answers a held call with a tool
//! error before anything is unsealed or sent (`endpoint::call::prepare`); the settings pages
//! (`settings::pauses`) flip the stored switches with these rules.

/// Why a tool call is answered without calling the vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pause {
    /// The gateway's operator paused the vendor for everyone.
    Operator,
    /// An owner or admin paused every connection of the organisation, at `since` (Unix s).
    Organisation { since: i64 },
    /// The connection was paused, at `since` (Unix seconds).
    Connection { since: i64 },
}

impl Pause {
    /// The pause holding back a call, if any: the operator's first, then the organisation's,
    /// then the connection's.
    pub fn of(
        operator_paused: bool,
        organisation_paused_at: Option<i64>,
        connection_paused_at: Option<i64>,
    ) -> Option<Self> {
        if operator_paused {
            return Some(Self::Operator);
        }
        if let Some(since) = organisation_paused_at {
            return Some(Self::Organisation { since });
        }
        connection_paused_at.map(|since| Self::Connection { since })
    }

    /// What was paused, as audit details and logs name it.
    pub fn scope(self) -> &'static str {
        match self {
            Self::Operator => "operator",
            Self::Organisation { .. } => "organisation",
            Self::Connection { .. } => "connection",
        }
    }

    /// The tool error's text: what is paused, by whom, that the vendor was not called, and
    /// what can be done. `since` renders a time; `settings_url` is where the switch is shown.
    pub fn message(
        self,
        vendor: &str,
        since: impl Fn(i64) -> String,
        settings_url: &str,
    ) -> String {
        match self {
            Self::Operator => format!(
                "Calls to {vendor} are paused for everyone by the gateway's operator (a vendor outage or an API change). \
                 Nothing was sent to {vendor}. Do not retry now; tell the user, who can see the pause at {settings_url}."
            ),
            Self::Organisation { since: at } => format!(
                "Every vendor connection of this organisation is paused by your administrator (since {}). \
                 Nothing was sent to {vendor}. Do not retry; tell the user. An owner or admin can resume it at {settings_url}.",
                since(at)
            ),
            Self::Connection { since: at } => format!(
                "This {vendor} connection is paused by your administrator (since {}). \
                 Nothing was sent to {vendor}. Do not retry; tell the user. An owner or admin can resume it at {settings_url}.",
                since(at)
            ),
        }
    }
}

/// Why a person may not flip a switch; the texts are what the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Only an owner or admin can pause or resume every connection of the organisation.")]
    OrganisationNeedsAdmin,
    #[error("Only an owner or admin can pause or resume another member's connection.")]
    OthersConnection,
    #[error("An owner or admin paused this connection, so only an owner or admin can resume it.")]
    PausedByAdmin,
}

/// Whether `role` is an owner or admin.
fn is_admin(role: &str) -> bool {
    matches!(role, "owner" | "admin")
}

/// Whether a member with `role` may pause or resume the whole organisation.
pub fn may_switch_organisation(role: &str) -> Result<(), Refusal> {
    if is_admin(role) {
        Ok(())
    } else {
        Err(Refusal::OrganisationNeedsAdmin)
    }
}

/// Whether `actor` (with `role`) may pause the connection of `owner`: owners and admins any
/// connection of the organisation; a member their own (connections are per user, and a
/// member already tests, updates and disconnects their own).
pub fn may_pause_connection(role: &str, actor: &str, owner: &str) -> Result<(), Refusal> {
    if is_admin(role) || actor == owner {
        Ok(())
    } else {
        Err(Refusal::OthersConnection)
    }
}

/// Whether `actor` (with `role`) may resume the connection of `owner` that `paused_by`
/// paused: owners and admins any; a member only their own connection and only a pause they
/// made themselves, so a member cannot undo a kill switch an administrator threw.
pub fn may_resume_connection(
    role: &str,
    actor: &str,
    owner: &str,
    paused_by: Option<&str>,
) -> Result<(), Refusal> {
    if is_admin(role) {
        return Ok(());
    }
    if actor != owner {
        return Err(Refusal::OthersConnection);
    }
    if paused_by == Some(actor) {
        Ok(())
    } else {
        Err(Refusal::PausedByAdmin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_pause_wins() {
        assert_eq!(Pause::of(false, None, None), None);
        assert_eq!(
            Pause::of(false, None, Some(5)),
            Some(Pause::Connection { since: 5 })
        );
        assert_eq!(
            Pause::of(false, Some(3), Some(5)),
            Some(Pause::Organisation { since: 3 })
        );
        assert_eq!(Pause::of(true, Some(3), Some(5)), Some(Pause::Operator));
        assert_eq!(Pause::Operator.scope(), "operator");
        assert_eq!(Pause::Organisation { since: 1 }.scope(), "organisation");
        assert_eq!(Pause::Connection { since: 1 }.scope(), "connection");
    }

    #[test]
    fn messages_say_who_paused_and_that_nothing_was_sent() {
        let since = |at: i64| format!("t{at}");
        let url = "https://gw.example/settings/pauses";
        let connection = Pause::Connection { since: 7 }.message("Autotask", since, url);
        assert!(connection.contains("paused by your administrator (since t7)"));
        assert!(connection.contains("Nothing was sent to Autotask"));
        assert!(connection.ends_with(&format!("resume it at {url}.")));
        let organisation = Pause::Organisation { since: 9 }.message("Autotask", since, url);
        assert!(organisation.starts_with("Every vendor connection of this organisation is paused by your administrator (since t9)"));
        let operator = Pause::Operator.message("Syncro", since, url);
        assert!(operator.contains("paused for everyone by the gateway's operator"));
        assert!(operator.contains("Nothing was sent to Syncro"));
        assert!(!operator.contains("your administrator"));
    }

    #[test]
    fn owners_and_admins_switch_everything_members_only_their_own_pause() {
        for role in ["owner", "admin"] {
            assert_eq!(may_switch_organisation(role), Ok(()));
            assert_eq!(may_pause_connection(role, "a", "b"), Ok(()));
            assert_eq!(may_resume_connection(role, "a", "b", Some("c")), Ok(()));
            assert_eq!(may_resume_connection(role, "a", "b", None), Ok(()));
        }
        assert_eq!(
            may_switch_organisation("member"),
            Err(Refusal::OrganisationNeedsAdmin)
        );
        assert_eq!(may_pause_connection("member", "m", "m"), Ok(()));
        assert_eq!(
            may_pause_connection("member", "m", "o"),
            Err(Refusal::OthersConnection)
        );
        assert_eq!(may_resume_connection("member", "m", "m", Some("m")), Ok(()));
        assert_eq!(
            may_resume_connection("member", "m", "m", Some("admin-id")),
            Err(Refusal::PausedByAdmin)
        );
        assert_eq!(
            may_resume_connection("member", "m", "m", None),
            Err(Refusal::PausedByAdmin),
            "a pause whose author left stays an administrator's"
        );
        assert_eq!(
            may_resume_connection("member", "m", "o", Some("m")),
            Err(Refusal::OthersConnection)
        );
        assert!(Refusal::OrganisationNeedsAdmin
            .to_string()
            .starts_with("Only an owner or admin"));
    }
}
