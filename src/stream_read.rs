//! Reading a whole body (a request's or a fetched response's) within a cap, on the JavaScript
//! side, so that it crosses into wasm once, as one buffer. Read from Rust (`worker`'s
//! `ByteStream`, which `Response::bytes` uses too), every chunk is a promise, a wasm-bindgen
//! future woken through a microtask and a copy. A declared length within the cap is read with
//! one `arrayBuffer()` (HTTP framing ends the body there); a body of no known length (a
//! streamed request, a gzipped vendor answer that `fetch` inflates as it arrives) is read
//! chunk by chunk in JavaScript and counted, and dropped as soon as it passes the cap. Used by
//! `body::read` and `vendors::engine`.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export async function readWhole(message, declared, cap) {
  if (declared !== undefined) {
    return declared > cap ? null : new Uint8Array(await message.arrayBuffer());
  }
  if (!message.body) return new Uint8Array(0);
  const reader = message.body.getReader();
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
    #[wasm_bindgen(catch, js_name = readWhole)]
    fn read_whole_js(
        message: &JsValue,
        declared: Option<f64>,
        cap: f64,
    ) -> Result<js_sys::Promise, JsValue>;
}

/// Why a body was not read to its end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StreamError {
    /// Its declared length, or the bytes that arrived, passed the cap; the rest was not read.
    #[error("the body is larger than {cap} bytes")]
    TooLarge { cap: usize },
    /// The stream failed (the peer broke it off, or framed it wrongly).
    #[error("the body stream broke off")]
    Broken,
}

/// The whole body of `message` (a `Request` or a `Response`), at most `cap` bytes;
/// `declared` is the length its framing fixes, when it is known (not for a compressed body,
/// whose declared length says nothing of what it inflates to).
pub async fn read_whole(
    message: &JsValue,
    declared: Option<u64>,
    cap: usize,
) -> Result<Vec<u8>, StreamError> {
    let promise = read_whole_js(message, declared.map(|length| length as f64), cap as f64)
        .map_err(|_| StreamError::Broken)?;
    let whole = JsFuture::from(promise)
        .await
        .map_err(|_| StreamError::Broken)?;
    if whole.is_null() {
        return Err(StreamError::TooLarge { cap });
    }
    Ok(js_sys::Uint8Array::new(&whole).to_vec())
}
