//! Reading a body stream to its end within a cap, in JavaScript: the chunks are gathered on
//! the JS side and cross into wasm once, as one buffer. Read from Rust (`worker`'s
//! `ByteStream`), every chunk is a promise, a wasm-bindgen future woken through a microtask
//! and a copy; a gzipped vendor answer, which `fetch` inflates as it streams, arrives in many
//! chunks. Used where a body's length is not known in advance (`body::read`,
//! `vendors::engine`).

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use worker::web_sys::ReadableStream;

#[wasm_bindgen(inline_js = r#"
export async function readCapped(stream, cap) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return whole;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = readCapped)]
    fn read_capped_js(stream: &ReadableStream, cap: f64) -> Result<js_sys::Promise, JsValue>;
}

/// Why a stream was not read to its end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StreamError {
    /// More bytes than the cap arrived; the rest was not read.
    #[error("the body is larger than {cap} bytes")]
    TooLarge { cap: usize },
    /// The stream failed (the peer broke it off, or framed it wrongly).
    #[error("the body stream broke off")]
    Broken,
}

/// The whole of `stream`, at most `cap` bytes.
pub async fn read_capped(stream: &ReadableStream, cap: usize) -> Result<Vec<u8>, StreamError> {
    let promise = read_capped_js(stream, cap as f64).map_err(|_| StreamError::Broken)?;
    let whole = JsFuture::from(promise)
        .await
        .map_err(|_| StreamError::Broken)?;
    if whole.is_null() {
        return Err(StreamError::TooLarge { cap });
    }
    Ok(js_sys::Uint8Array::new(&whole).to_vec())
}
