//! Runs a tool's [`Plan`] against its vendor through the engine: one record, a walk over
//! pages (with progress after each page and a stop when the caller cancels), a change, or a
//! record with a list. Written once for every vendor.

use super::pages;
use super::plan::Plan;
use super::{Access, Catalog, Tool};
use crate::config::Config;
use crate::vendors::engine::{self, Target};
use crate::vendors::upstream::UpstreamError;
use crate::vendors::Call;
use serde_json::Value;
use worker::Env;

/// What a run produced.
#[derive(Debug)]
pub struct Ran {
    /// The structured result.
    pub result: Value,
    /// Vendor calls made.
    pub calls: u32,
}

/// Why a run ended without a result.
#[derive(Debug)]
pub enum RunError {
    /// The vendor call failed.
    Upstream(UpstreamError),
    /// The caller cancelled between two pages.
    Cancelled,
}

impl From<UpstreamError> for RunError {
    fn from(error: UpstreamError) -> Self {
        Self::Upstream(error)
    }
}

/// Told after each page of a walk; answers whether to go on.
#[allow(async_fn_in_trait)]
pub trait Watcher {
    /// `kept` records so far, of `total` expected when the vendor says.
    async fn page(&mut self, kept: usize, total: Option<u64>) -> bool;
}

/// The engine and the vendor's shape, for one run.
struct Runner<'a, W> {
    env: &'a Env,
    config: &'a Config,
    target: &'a Target<'a>,
    catalog: &'static Catalog,
    watcher: &'a mut W,
    calls: u32,
}

/// Runs `plan` for `tool` and hides the catalog's secret fields unless the tool reveals them.
pub async fn run<W: Watcher>(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    catalog: &'static Catalog,
    tool: &Tool,
    plan: Plan,
    watcher: &mut W,
) -> Result<Ran, RunError> {
    let mut runner = Runner {
        env,
        config,
        target,
        catalog,
        watcher,
        calls: 0,
    };
    let mut result = runner.plan(plan).await?;
    if tool.access != Access::Secret {
        pages::hide(&mut result, catalog.secret_fields);
    }
    Ok(Ran {
        result,
        calls: runner.calls,
    })
}

impl<W: Watcher> Runner<'_, W> {
    async fn plan(&mut self, plan: Plan) -> Result<Value, RunError> {
        match plan {
            Plan::Record(call) => {
                let body = self.json(&call).await?;
                Ok(pages::record(self.catalog.format, body))
            }
            Plan::List {
                call,
                items,
                limit,
                keep,
            } => self.walk(call, items, limit, &keep).await,
            Plan::Change { call, answer } => {
                let response = self.send(&call).await?;
                if response.body.iter().all(u8::is_ascii_whitespace) {
                    Ok(answer)
                } else {
                    parse(&response.body).map(|body| pages::record(self.catalog.format, body))
                }
            }
            Plan::RecordWithList { record, name, list } => {
                let body = self.json(&record).await?;
                let mut record = pages::record(self.catalog.format, body);
                let listed = Box::pin(self.plan(*list)).await?;
                if let Value::Object(object) = &mut record {
                    object.insert(name.to_owned(), listed["items"].clone());
                }
                Ok(record)
            }
        }
    }

    /// Walks pages until `limit` records pass the local filters or the pages end.
    async fn walk(
        &mut self,
        first: Call,
        items: &str,
        limit: usize,
        keep: &[super::plan::Contains],
    ) -> Result<Value, RunError> {
        let paging = &self.catalog.paging;
        // With local filters a page keeps fewer records, so ask for full pages.
        let size = if keep.is_empty() {
            limit
        } else {
            paging.max_size
        };
        let size = size.clamp(1, paging.max_size).to_string();
        let mut call = Call::get(super::plan::with_query(
            &first.path,
            &[(paging.size_param, Some(&size))],
        ));
        let base = self.target.base_url(self.config);
        let mut kept = Vec::new();
        let mut truncated = false;
        loop {
            let page = self.json(&call).await?;
            for record in pages::records(self.catalog.format, &page, items) {
                if !pages::keeps(&record, keep) {
                    continue;
                }
                if kept.len() == limit {
                    truncated = true;
                    break;
                }
                kept.push(record);
            }
            let next = (paging.next)(&page);
            if truncated || kept.len() >= limit {
                truncated |= next.is_some();
                break;
            }
            let Some(next) = next else { break };
            pages::check_link(&next, &base).map_err(|foreign| UpstreamError::InvalidResponse {
                detail: foreign.to_string(),
            })?;
            let total = (paging.total)(&page).map(|total| total.min(limit as u64));
            if !self.watcher.page(kept.len(), total).await {
                return Err(RunError::Cancelled);
            }
            call = Call::get(next);
        }
        Ok(pages::list_result(kept, truncated))
    }

    async fn send(
        &mut self,
        call: &Call,
    ) -> Result<crate::vendors::upstream::UpstreamResponse, RunError> {
        self.calls += 1;
        Ok(engine::call(self.env, self.config, self.target, call).await?)
    }

    async fn json(&mut self, call: &Call) -> Result<Value, RunError> {
        let response = self.send(call).await?;
        parse(&response.body)
    }
}

fn parse(body: &[u8]) -> Result<Value, RunError> {
    serde_json::from_slice(body).map_err(|_| {
        RunError::Upstream(UpstreamError::InvalidResponse {
            detail: "the answer is not JSON".into(),
        })
    })
}
