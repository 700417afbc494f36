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

/// `/sign-up`.
#[derive(Template)]
#[template(path = "sign_up.html")]
pub struct SignUp<'a> {
    pub csrf_token: &'a str,
    pub return_to: &'a str,
    pub organisation: &'a str,
    pub email: &'a str,
    pub min_password: usize,
    pub error: Option<&'a str>,
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
    pub client_name: &'a str,
    pub redirect_host: &'a str,
    pub loopback_redirect: bool,
    /// The vendor, when the request named one; otherwise the user chooses.
    pub vendor_name: Option<&'a str>,
    pub vendor_choices: Vec<(&'static str, &'static str)>,
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

/// `/settings`: the signed-in user's account.
#[derive(Template)]
#[template(path = "account.html")]
pub struct Account<'a> {
    pub csrf_token: &'a str,
    pub email: &'a str,
    pub tenant_name: &'a str,
    pub role: &'a str,
    pub example_url: &'a str,
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

    #[test]
    fn every_input_on_the_sign_up_page_has_a_label() {
        let page = SignUp {
            csrf_token: "t",
            return_to: "/settings",
            organisation: "",
            email: "",
            min_password: 10,
            error: None,
        }
        .render()
        .unwrap();
        for id in ["organisation", "email", "password"] {
            assert!(
                page.contains(&format!("<label for=\"{id}\">")),
                "no label for {id}"
            );
            assert!(page.contains(&format!("id=\"{id}\"")));
        }
    }
}
