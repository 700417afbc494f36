//! Fetching a metadata document within bounds: one GET, no redirects, at most
//! [`MAX_BYTES`] read as a stream (reading stops as soon as the cap is passed), everything
//! — connecting, headers and body — within [`DEADLINE`].

use futures::future::{select, Either};
use futures::StreamExt;
use std::time::Duration;
use url::Url;
use worker::{
    AbortController, AbortSignal, Delay, Fetch, Method, Request, RequestInit, RequestRedirect,
};

/// The largest document read, in bytes.
pub const MAX_BYTES: usize = 64 * 1024;
/// How long the whole fetch may take.
pub const DEADLINE: Duration = Duration::from_secs(5);

/// Why a document could not be fetched. The messages complete "the client's metadata
/// document could not be fetched: …".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("it took longer than {} seconds", DEADLINE.as_secs())]
    Timeout,
    #[error("it is larger than {} KiB", MAX_BYTES / 1024)]
    TooLarge,
    #[error("it answered HTTP {0} (redirects are not followed)")]
    Status(u16),
    #[error("the request failed")]
    Network,
    #[error("its body could not be read")]
    Body,
}

/// A body being read under a size cap.
#[derive(Debug)]
pub struct Capped {
    bytes: Vec<u8>,
    cap: usize,
}

impl Capped {
    /// An empty body that may grow to `cap` bytes.
    pub fn new(cap: usize) -> Self {
        Self {
            bytes: Vec::new(),
            cap,
        }
    }

    /// Refuses at once a body whose declared `Content-Length` passes the cap.
    pub fn declared(&self, length: u64) -> Result<(), FetchError> {
        if length > self.cap as u64 {
            Err(FetchError::TooLarge)
        } else {
            Ok(())
        }
    }

    /// Appends a chunk, or refuses when it would pass the cap (nothing more should be read).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), FetchError> {
        if self.bytes.len() + chunk.len() > self.cap {
            return Err(FetchError::TooLarge);
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// The body read.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Fetches the document at `url` (already checked by `address::check`).
pub async fn fetch(url: &Url) -> Result<Vec<u8>, FetchError> {
    let controller = AbortController::default();
    let signal = controller.signal();
    let reading = Box::pin(read(url, &signal));
    let outcome = match select(reading, Box::pin(Delay::from(DEADLINE))).await {
        Either::Left((outcome, _)) => outcome,
        Either::Right(_) => Err(FetchError::Timeout),
    };
    // Past the deadline or the cap the rest of the body is not wanted: aborting closes the
    // connection instead of letting it drain. After a complete read it changes nothing.
    controller.abort();
    outcome
}

async fn read(url: &Url, signal: &AbortSignal) -> Result<Vec<u8>, FetchError> {
    let mut init = RequestInit::new();
    init.with_method(Method::Get)
        .with_redirect(RequestRedirect::Manual);
    let request = Request::new_with_init(url.as_str(), &init).map_err(|_| FetchError::Network)?;
    request
        .headers()
        .set("accept", "application/json")
        .map_err(|_| FetchError::Network)?;
    let mut response = Fetch::Request(request)
        .send_with_signal(signal)
        .await
        .map_err(|_| FetchError::Network)?;
    if response.status_code() != 200 {
        return Err(FetchError::Status(response.status_code()));
    }
    let mut body = Capped::new(MAX_BYTES);
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|value| value.trim().parse::<u64>().ok());
    if let Some(length) = declared {
        body.declared(length)?;
    }
    let mut stream = response.stream().map_err(|_| FetchError::Body)?;
    while let Some(chunk) = stream.next().await {
        body.push(&chunk.map_err(|_| FetchError::Body)?)?;
    }
    Ok(body.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_stops_at_the_first_chunk_past_the_cap() {
        let mut body = Capped::new(10);
        body.push(b"12345").unwrap();
        body.push(b"67890").unwrap();
        assert_eq!(body.push(b"x"), Err(FetchError::TooLarge));
        assert_eq!(
            body.into_bytes(),
            b"1234567890",
            "the refused chunk is not kept"
        );
    }

    #[test]
    fn a_declared_length_past_the_cap_is_refused_before_reading() {
        let body = Capped::new(MAX_BYTES);
        assert_eq!(body.declared(MAX_BYTES as u64), Ok(()));
        assert_eq!(
            body.declared(MAX_BYTES as u64 + 1),
            Err(FetchError::TooLarge)
        );
    }

    #[test]
    fn failures_read_as_precise_reasons() {
        assert_eq!(
            FetchError::Timeout.to_string(),
            "it took longer than 5 seconds"
        );
        assert_eq!(FetchError::TooLarge.to_string(), "it is larger than 64 KiB");
        assert_eq!(
            FetchError::Status(302).to_string(),
            "it answered HTTP 302 (redirects are not followed)"
        );
    }
}
