//! Runs a tool call against its vendor through the engine: picklist labels in the arguments
//! turned into ids, then the tool's [`Plan`]: one record, a walk over pages (with progress
//! after each page and a stop when the caller cancels), a change, or a record with a list;
//! last, labels put beside picklist ids in the result. Written once for every vendor.

use super::args::{ArgError, Args, Kind};
use super::cursor::Position;
use super::pages;
use super::plan::{Change, Contains, Plan};
use super::{Access, Catalog, Tool};
use crate::config::Config;
use crate::vendors::engine::{self, Target};
use crate::vendors::kit::paging::{Paging, Seen};
use crate::vendors::kit::picklist::{self, PicklistError};
use crate::vendors::kit::request::{Call, Safety};
use crate::vendors::kit::shape::{count_at, Records};
use crate::vendors::kit::upstream::{UpstreamError, UpstreamResponse};
use serde_json::{json, Value};
use worker::Env;

/// The most vendor pages one list call reads; a walk that needs more stops with a cursor.
pub const MAX_PAGES_PER_CALL: usize = 20;

/// What a run produced.
#[derive(Debug)]
pub struct Ran {
    /// The structured result.
    pub result: Value,
    /// Vendor calls made.
    pub calls: u32,
    /// Where a list stopped short of its end, for a cursor.
    pub next: Option<Position>,
}

/// Why a run ended without a result.
#[derive(Debug)]
pub enum RunError {
    /// The vendor call failed.
    Upstream(UpstreamError),
    /// An argument the vendor's own definitions refuse (an unknown picklist label).
    Argument(ArgError),
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
    /// How lists are paged: the catalog's, or what the plan declares ([`Plan::Paged`]).
    paging: &'static Paging,
    safety: Safety,
    watcher: &'a mut W,
    calls: u32,
    /// Where a list goes on from (a cursor's position), taken by the walk.
    resume: Option<Position>,
    /// Where the walk stopped short of the end.
    next: Option<Position>,
    /// The call's arguments (labels resolved), for the steps after a lookup.
    args: Args,
}

/// A tool call ready to run: the tool, its valid arguments, its plan (made before any label
/// was resolved) and, for a list, where a cursor says to go on.
pub struct Work<'a> {
    pub catalog: &'static Catalog,
    pub tool: &'a Tool,
    pub args: Args,
    pub plan: Plan,
    pub resume: Option<Position>,
}

/// Runs a tool call and hides the catalog's secret fields unless the tool reveals them.
pub async fn run<W: Watcher>(
    env: &Env,
    config: &Config,
    target: &Target<'_>,
    work: Work<'_>,
    watcher: &mut W,
) -> Result<Ran, RunError> {
    let Work {
        catalog,
        tool,
        mut args,
        plan,
        resume,
    } = work;
    let mut runner = Runner {
        env,
        config,
        target,
        catalog,
        paging: &catalog.paging,
        safety: tool.access.safety(),
        watcher,
        calls: 0,
        resume,
        next: None,
        args: Args::default(),
    };
    let plan = if tool.takes_labels() {
        runner.resolve_labels(tool, &mut args).await?;
        tool.plan_for(&args, &target.credentials.settings)
            .map_err(RunError::Argument)?
    } else {
        plan
    };
    runner.args = args;
    let mut result = runner.plan(plan).await?;
    if let Some(entity) = tool.labels {
        let fields = runner.picklists(entity).await?;
        picklist::label(&mut result, &fields);
    }
    if tool.access != Access::Secret {
        pages::hide(&mut result, catalog.secret_fields);
    }
    Ok(Ran {
        result,
        calls: runner.calls,
        next: runner.next,
    })
}

impl<W: Watcher> Runner<'_, W> {
    /// Replaces every picklist argument's label by its id, and fills in the vendor's default
    /// where the argument asks for one.
    async fn resolve_labels(&mut self, tool: &Tool, args: &mut Args) -> Result<(), RunError> {
        for param in tool.params {
            let Kind::Picklist(list) = param.kind else {
                continue;
            };
            let given = args.text(param.name).map(str::to_owned);
            if given.is_none() && !list.default {
                continue;
            }
            let fields = self.picklists(list.entity).await?;
            let invalid = |error: PicklistError| {
                RunError::Argument(ArgError::Invalid {
                    name: param.name,
                    expected: error.to_string(),
                })
            };
            let field = picklist::field(&fields, list.field).ok_or_else(|| {
                invalid(PicklistError::NoSuchField {
                    entity: list.entity.to_owned(),
                })
            })?;
            let parent = list
                .parent
                .and_then(|name| args.text(name))
                .map(str::to_owned);
            if let Some(id) = field
                .resolve(given.as_deref(), parent.as_deref(), list.default)
                .map_err(invalid)?
            {
                args.set(param.name, json!(id));
            }
        }
        Ok(())
    }

    async fn picklists(&mut self, entity: &str) -> Result<Vec<picklist::PicklistField>, RunError> {
        Ok(engine::picklists(self.env, self.config, self.target, entity).await?)
    }

    async fn plan(&mut self, plan: Plan) -> Result<Value, RunError> {
        match plan {
            Plan::Record { call, records } => {
                let (body, _) = self.json(&call).await?;
                let record = records.unwrap_or(self.catalog.record).one(body);
                if record.is_null() {
                    return Err(RunError::Upstream(UpstreamError::NotFound {
                        reason: Some("no record with that id".into()),
                    }));
                }
                Ok(record)
            }
            Plan::List {
                call,
                records,
                limit,
                keep,
            } => {
                let records = records.unwrap_or(self.catalog.list);
                self.walk(call, records, limit, &keep).await
            }
            Plan::Change {
                call,
                answer,
                records,
            } => {
                let response = self.send(&call).await?;
                if response.body.iter().all(u8::is_ascii_whitespace) {
                    Ok(answer)
                } else {
                    parse(&response.body).map(|body| records.unwrap_or(Records::Root).one(body))
                }
            }
            Plan::Picklist { entity, field } => {
                let fields = self.picklists(&entity).await?;
                let Some(found) = picklist::field(&fields, &field) else {
                    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                    return Err(RunError::Argument(ArgError::Invalid {
                        name: "field",
                        expected: format!(
                            "must be a picklist field of {entity}: {}",
                            if names.is_empty() {
                                "it has none".to_owned()
                            } else {
                                names.join(", ")
                            }
                        ),
                    }));
                };
                let values: Vec<Value> = found
                    .values
                    .iter()
                    .filter(|value| value.active)
                    .map(|value| {
                        json!({
                            "id": value.id,
                            "label": value.label,
                            "isDefault": value.default,
                            "parentValue": value.parent,
                        })
                    })
                    .collect();
                let total = Some(values.len() as u64);
                let mut result = pages::list_result(values, false, total);
                result["entity"] = json!(entity);
                result["field"] = json!(found.name);
                result["parentField"] = json!(found.parent);
                Ok(result)
            }
            Plan::After { call, then } => {
                let (body, _) = self.json(&call).await?;
                let next = (then.0)(&body, &self.args).map_err(RunError::Argument)?;
                Box::pin(self.plan(next)).await
            }
            Plan::Answer(value) => Ok(value),
            Plan::Paged { paging, list } => {
                self.paging = paging.0;
                Box::pin(self.plan(*list)).await
            }
            Plan::Each { changes, records } => self.each(changes, records).await,
            Plan::RecordWithList { record, name, list } => {
                let (body, _) = self.json(&record).await?;
                let mut record = self.catalog.record.one(body);
                let mut listed = Box::pin(self.plan(*list)).await?;
                // An attached list has no cursor of its own.
                self.next = None;
                if let Value::Object(object) = &mut record {
                    object.insert(name.to_owned(), listed["items"].take());
                }
                Ok(record)
            }
        }
    }

    /// Walks pages until `limit` records pass the local filters or the pages end, from the
    /// first page or from where a cursor stopped. The call keeps its method, query and body
    /// from page to page; only what the paging style names changes. Where the walk stops
    /// short of the end is kept in `self.next`, for the caller's cursor.
    async fn walk(
        &mut self,
        first: Call,
        records: Records,
        limit: usize,
        keep: &[Contains],
    ) -> Result<Value, RunError> {
        let paging = self.paging;
        if limit == 0 {
            let total = self.count(first).await?;
            return Ok(pages::list_result(
                Vec::new(),
                total.is_some_and(|t| t > 0),
                total,
            ));
        }
        // With local filters a page keeps fewer records, so ask for full pages.
        let size = if keep.is_empty() {
            limit
        } else {
            paging.max_size
        };
        let resumed = self.resume.take();
        let (mut call, mut skip) = match resumed.clone() {
            Some(position) => (position.call, position.skip),
            None => (paging.first(first, size), 0),
        };
        let query = call.clone();
        let mut kept = Vec::new();
        let mut stop: Option<Position> = None;
        let mut reported = None;
        let mut seen_so_far = 0;
        let mut pages = 0;
        loop {
            let (mut page, response) = self.json(&call).await?;
            reported = reported.or_else(|| paging.total(&page));
            let on_page = records.take(&mut page);
            let count = on_page.len();
            seen_so_far += count;
            for (index, record) in on_page.into_iter().enumerate() {
                // Records a cursor's earlier answer already returned.
                if index < skip || !pages::keeps(&record, keep) {
                    continue;
                }
                if kept.len() == limit {
                    stop = Some(Position {
                        call: call.clone(),
                        skip: index,
                    });
                    break;
                }
                kept.push(record);
            }
            skip = 0;
            if stop.is_some() {
                break;
            }
            let seen = Seen {
                body: &page,
                link: response.link.as_deref(),
                url: &response.url,
                records: count,
                records_so_far: seen_so_far,
            };
            let next = paging.next(&call, &seen, size).map_err(|foreign| {
                UpstreamError::InvalidResponse {
                    detail: foreign.to_string(),
                }
            })?;
            let Some(next) = next else { break };
            pages += 1;
            // A filter that keeps little must not walk a vendor's whole account in one call:
            // past the page cap the walk stops where it is, and the cursor goes on.
            if kept.len() >= limit || pages >= MAX_PAGES_PER_CALL {
                stop = Some(Position {
                    call: next,
                    skip: 0,
                });
                break;
            }
            let total = paging.total(&page).map(|total| total.min(limit as u64));
            if !self.watcher.page(kept.len(), total).await {
                return Err(RunError::Cancelled);
            }
            call = next;
        }
        let truncated = stop.is_some();
        let total = match (reported, keep.is_empty()) {
            // The vendor counts what it holds, not what the local filters keep.
            (_, false) => (!truncated && resumed.is_none()).then_some(kept.len() as u64),
            (Some(total), true) => Some(total),
            (None, true) if !truncated && resumed.is_none() => Some(kept.len() as u64),
            (None, true) if truncated && resumed.is_none() => self.count(query).await?,
            (None, true) => None,
        };
        self.next = stop;
        Ok(pages::list_result(kept, truncated, total))
    }

    /// How many records a list holds, without fetching them: the vendor's count call, or the
    /// total of a one-record page; `None` when the vendor does not say.
    async fn count(&mut self, first: Call) -> Result<Option<u64>, RunError> {
        let paging = self.paging;
        if let Some(count) = paging.count {
            let (body, _) = self.json(&(count.call)(&first)).await?;
            return Ok(count_at(&body, count.at));
        }
        if paging.total.is_none() {
            return Ok(None);
        }
        let (page, _) = self.json(&paging.probe(first)).await?;
        Ok(paging.total(&page))
    }

    /// Makes several changes one after another, each with its own outcome. Refused keys end
    /// them all, since every later change would be refused too.
    async fn each(
        &mut self,
        changes: Vec<Change>,
        records: Option<Records>,
    ) -> Result<Value, RunError> {
        let mut results = Vec::with_capacity(changes.len());
        let mut succeeded = 0;
        for (done, change) in changes.iter().enumerate() {
            if done > 0 && !self.watcher.page(done, Some(changes.len() as u64)).await {
                return Err(RunError::Cancelled);
            }
            let outcome = match self.send(&change.call).await {
                Ok(response) => outcome_of(&response.body, records),
                Err(RunError::Upstream(UpstreamError::Unauthorized { reason })) => {
                    return Err(RunError::Upstream(UpstreamError::Unauthorized { reason }))
                }
                Err(RunError::Upstream(error)) => Err(error.describe(self.target.vendor.name)),
                Err(other) => return Err(other),
            };
            let mut result = match &change.key {
                Value::Object(key) => key.clone(),
                other => [("key".to_owned(), other.clone())].into_iter().collect(),
            };
            result.insert("ok".into(), json!(outcome.is_ok()));
            match outcome {
                Ok(()) => succeeded += 1,
                Err(error) => {
                    result.insert("error".into(), json!(error));
                }
            }
            results.push(Value::Object(result));
        }
        Ok(json!({
            "results": results,
            "succeeded": succeeded,
            "failed": changes.len() - succeeded,
        }))
    }

    async fn send(&mut self, call: &Call) -> Result<UpstreamResponse, RunError> {
        self.calls += 1;
        Ok(engine::call(self.env, self.config, self.target, call, self.safety).await?)
    }

    async fn json(&mut self, call: &Call) -> Result<(Value, UpstreamResponse), RunError> {
        let mut response = self.send(call).await?;
        let body = std::mem::take(&mut response.body);
        Ok((parse(&body)?, response))
    }
}

/// Whether one change of a [`Plan::Each`] was made: an empty answer or a record is; an answer
/// of `false` (a GraphQL mutation's "not done") is not.
fn outcome_of(body: &[u8], records: Option<Records>) -> Result<(), String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let answer = parse(body).map_err(|_| "the answer is not JSON".to_owned())?;
    match records.unwrap_or(Records::Root).one(answer) {
        Value::Bool(false) => Err("the vendor answered that it was not done".into()),
        _ => Ok(()),
    }
}

fn parse(body: &[u8]) -> Result<Value, RunError> {
    serde_json::from_slice(body).map_err(|_| {
        RunError::Upstream(UpstreamError::InvalidResponse {
            detail: "the answer is not JSON".into(),
        })
    })
}
