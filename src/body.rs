//! The one way a request body is read (`stream_read`): a declared length over the cap is
//! refused unread, one within it is read in one piece (HTTP framing ends the body there), and
//! a body of no declared length is counted as it streams and stopped as soon as it passes the
//! cap. A body the client broke off or framed wrongly is the client's fault: 400, never a 500.

use crate::http;
use crate::stream_read::{read_whole, StreamError};
use worker::{Request, Response};

/// The cap for HTML form posts and OAuth endpoints, in bytes.
pub const FORM_LIMIT: usize = 64 * 1024;

/// Why a body was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// More bytes than the cap allows (declared, or counted while streaming).
    #[error("the request body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    /// The stream broke off or was framed wrongly (a bad chunk size, a short body).
    #[error("the request body could not be read completely; send it again whole")]
    Malformed,
}

impl BodyError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        match self {
            Self::TooLarge { .. } => 413,
            Self::Malformed => 400,
        }
    }

    /// A JSON answer (`{"error", "error_description"}`, the shape OAuth errors share).
    pub fn response(&self) -> worker::Result<Response> {
        let code = match self {
            Self::TooLarge { .. } => "request_too_large",
            Self::Malformed => "invalid_request",
        };
        http::error(self.status(), code, &self.to_string())
    }
}

/// Reads the whole body, at most `limit` bytes.
pub async fn read(req: &mut Request, limit: usize) -> worker::Result<Result<Vec<u8>, BodyError>> {
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|value| value.trim().parse::<u64>().ok());
    Ok(match read_whole(req.inner(), declared, limit).await {
        Ok(body) => Ok(body),
        Err(StreamError::TooLarge { .. }) => Err(BodyError::TooLarge { limit }),
        Err(StreamError::Broken) => Err(BodyError::Malformed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_the_clients_with_precise_statuses() {
        assert_eq!(BodyError::TooLarge { limit: 10 }.status(), 413);
        assert_eq!(BodyError::Malformed.status(), 400);
        assert!(BodyError::TooLarge { limit: 65536 }
            .to_string()
            .contains("65536"));
    }
}
