//! The texts of the mails the account pages send. Pure: an origin, an address and a link in,
//! a [`Mail`] out.

use crate::mail::Mail;

/// To a new address: the link that finishes the sign-up. Nothing the visitor typed but the
/// address itself goes into the mail (an organisation name could carry a phishing text to any
/// inbox); the finish page shows the organisation instead.
pub fn finish_sign_up(origin: &str, to: &str, link: &str) -> Mail {
    Mail {
        kind: "sign_up",
        to: to.to_owned(),
        subject: "Finish creating your MCP Gateway account".to_owned(),
        text: format!(
            "Someone, hopefully you, asked to create an account with this address on the MCP \
             Gateway at {origin}\n\n\
             To choose your password and finish, open this link within 24 hours:\n\n{link}\n\n\
             If it was not you, ignore this mail: nothing is created until the link is used.\n"
        ),
    }
}

/// To an address that already has an account: how to sign in or reset the password. The
/// sign-up page answers exactly as it does for a new address; only the mailbox owner learns
/// that the account exists.
pub fn already_registered(origin: &str, to: &str) -> Mail {
    Mail {
        kind: "already_registered",
        to: to.to_owned(),
        subject: "You already have an MCP Gateway account".to_owned(),
        text: format!(
            "Someone, hopefully you, asked to create an account with this address on the MCP \
             Gateway at {origin}\n\nThe address already has one.\n\n\
             Sign in: {origin}/sign-in\n\
             Forgot your password? Choose a new one: {origin}/forgot-password\n\n\
             If it was not you, ignore this mail: nothing changed.\n"
        ),
    }
}

/// The single-use link to choose a new password.
pub fn reset_password(origin: &str, to: &str, link: &str) -> Mail {
    Mail {
        kind: "password_reset",
        to: to.to_owned(),
        subject: "Reset your MCP Gateway password".to_owned(),
        text: format!(
            "Someone, hopefully you, asked to reset the password of your account on the MCP \
             Gateway at {origin}\n\n\
             To choose a new password, open this link within 30 minutes. It works once:\n\n{link}\n\n\
             Choosing a new password signs you out everywhere and signs out every app you \
             connected; you allow them again when they next ask.\n\n\
             If it was not you, ignore this mail: your password stays as it is.\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://mcp.example.com";

    #[test]
    fn each_mail_goes_to_its_address_with_its_link() {
        let link = "https://mcp.example.com/sign-up/finish?token=sup_abc";
        let mail = finish_sign_up(ORIGIN, "new@msp.example", link);
        assert_eq!(
            (mail.kind, mail.to.as_str()),
            ("sign_up", "new@msp.example")
        );
        assert!(mail.text.contains(link));

        let mail = already_registered(ORIGIN, "old@msp.example");
        assert_eq!(mail.kind, "already_registered");
        assert!(mail
            .text
            .contains("https://mcp.example.com/forgot-password"));
        assert!(
            !mail.text.contains("token="),
            "no link secret is needed here"
        );

        let link = "https://mcp.example.com/reset-password?token=rst_abc";
        let mail = reset_password(ORIGIN, "old@msp.example", link);
        assert_eq!(mail.kind, "password_reset");
        assert!(mail.text.contains(link));
        assert!(mail.text.contains("30 minutes"));
    }

    #[test]
    fn subjects_are_one_line() {
        for mail in [
            finish_sign_up(ORIGIN, "a@b.example", "l"),
            already_registered(ORIGIN, "a@b.example"),
            reset_password(ORIGIN, "a@b.example", "l"),
        ] {
            assert!(!mail.subject.contains(['\r', '\n']));
        }
    }
}
