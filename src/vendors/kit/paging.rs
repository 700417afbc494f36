//! How a vendor's lists are paged, and from one page to the call for the next. Every style the
//! ten vendors use (`docs/vendors/README.md`):
//!
//! - a next link in the body: Datto RMM, IT Glue, Atera, Autotask (whose link is followed
//!   with the query's own `POST` and body);
//! - page numbers, ending on an empty page, a short page, a "more" flag, a total-pages or a
//!   total-records count, or the next page's number named in the body: HaloPSA, Syncro,
//!   ConnectWise Automate, Xyte (`has_next_page` or `next_page`, by endpoint), and SuperOps
//!   (whose page number is a GraphQL variable);
//! - a list that comes whole in one answer (Xyte's tickets, SuperOps' status list);
//! - RFC 8288 `Link: <…>; rel="next"`: ConnectWise PSA.
//!
//! The page size goes in the query or in the JSON body (Autotask's `MaxRecords`, GraphQL
//! `listInfo.pageSize`). A next link is only followed when it stays on the origin of the URL
//! the engine really called (Autotask's zone, not the configured lookup host), so credentials
//! never go where a vendor's answer points. Pure.

use super::request::{query_value, set_at, set_query, Call};
use super::shape::{at, count_at, string_at};
use super::upstream::Verb;
use serde_json::{json, Value};

/// Where a paging value goes in a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A query parameter.
    Query(&'static str),
    /// A dotted path in the JSON body.
    Body(&'static str),
    /// Nowhere: the vendor fixes the page size itself (Syncro's 25, 50 or 100 per endpoint),
    /// so nothing is sent, and a walk keeps what a page brings beyond what it needs for the
    /// cursor.
    Unsent,
}

/// How the call for the next page is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// An absolute URL at a dotted path of the page.
    BodyLink {
        at: &'static str,
        /// Whether the next page is asked for with the first call's method and body
        /// (Autotask's `query/next`), or with a plain GET.
        keep_body: bool,
    },
    /// The `rel="next"` target of the RFC 8288 `Link` header.
    LinkHeader,
    /// A page number, counted up from `first`, until `end` says the pages are over.
    Number { at: Place, first: u64, end: End },
}

/// How a numbered walk knows it has seen the last page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// A page with no records.
    EmptyPage,
    /// A page with fewer records than asked for.
    ShortPage,
    /// A flag at a dotted path that is true while more pages follow (false or absent ends).
    MoreFlag(&'static str),
    /// The number of pages, at a dotted path.
    TotalPages(&'static str),
    /// The number of records, at a dotted path.
    TotalRecords(&'static str),
    /// The number of pages at a dotted path; a page that does not say (Syncro's
    /// `customer_assets` and `appointments` examples have no `meta`) goes on until a page
    /// with no records, so a missing count never cuts a list short.
    PagesOrEmpty(&'static str),
    /// The number of the next page, at a dotted path (Xyte's `next_page`); `null`, absent or
    /// not after the current page ends. The walk asks for the page it names.
    NextPage(&'static str),
    /// The list comes whole in one answer (a bare array that takes no page number).
    Single,
    /// Pages go on while any of these says they do: for an endpoint whose envelope is
    /// documented two ways (Xyte's devices: `has_next_page` or `next_page`).
    Any(&'static [End]),
}

/// How a vendor's lists are paged.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// Where the page size goes.
    pub size: Place,
    /// The largest page size the vendor accepts.
    pub max_size: usize,
    pub next: Next,
    /// The total number of records at a dotted path, when the vendor reports it on a page.
    pub total: Option<&'static str>,
    /// A call that only counts the records of a list, for vendors whose pages do not say
    /// (Autotask's `query/count`).
    pub count: Option<Count>,
}

/// How a vendor counts the records of a list without fetching them.
#[derive(Debug, Clone, Copy)]
pub struct Count {
    /// The counting call for a list's first call.
    pub call: fn(&Call) -> Call,
    /// Where the number is in the answer.
    pub at: &'static str,
}

/// What the walk saw of one page.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    /// The page's JSON.
    pub body: &'a Value,
    /// The `Link` header, if any.
    pub link: Option<&'a str>,
    /// The URL the engine called for this page.
    pub url: &'a str,
    /// Records on the page, before local filters.
    pub records: usize,
    /// Records seen on every page so far, this one included.
    pub records_so_far: usize,
}

/// Why a vendor's next-page link is not followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the vendor's next-page link {0:?} is not on the API host that was called")]
pub struct ForeignLink(pub String);

impl Paging {
    /// The first call of a walk: `first` with the page size (and first page number) set.
    pub fn first(&self, mut first: Call, size: usize) -> Call {
        if let Next::Number {
            end: End::Single, ..
        } = self.next
        {
            // A list that comes whole takes no page size or number.
            return first;
        }
        let size = size.clamp(1, self.max_size);
        place(&mut first, self.size, json!(size));
        if let Next::Number {
            at, first: number, ..
        } = self.next
        {
            place(&mut first, at, json!(number));
        }
        first
    }

    /// The call for the page after `seen`, which `call` fetched asking for `size` records;
    /// `None` when the pages are over.
    pub fn next(
        &self,
        call: &Call,
        seen: &Seen<'_>,
        size: usize,
    ) -> Result<Option<Call>, ForeignLink> {
        let link = match self.next {
            Next::BodyLink { at, keep_body } => {
                let Some(url) = string_at(seen.body, at) else {
                    return Ok(None);
                };
                let (method, body) = if keep_body {
                    (call.method, call.body.clone())
                } else {
                    (Verb::Get, None)
                };
                Call::with(method, url, body)
            }
            Next::LinkHeader => match seen.link.and_then(next_target) {
                Some(url) => Call::get(url),
                None => return Ok(None),
            },
            Next::Number { at, end, first } => {
                let size = size.clamp(1, self.max_size);
                let number = current(call, at).unwrap_or(0);
                let Some(following) = end.following(number, first, seen, size) else {
                    return Ok(None);
                };
                if seen.records == 0 {
                    return Ok(None);
                }
                let mut next = call.clone();
                place(&mut next, at, json!(following));
                return Ok(Some(next));
            }
        };
        check_link(&link.path, seen.url)?;
        Ok(Some(link))
    }

    /// The total number of records the vendor reports, if it does.
    pub fn total(&self, page: &Value) -> Option<u64> {
        self.total.and_then(|path| count_at(page, path))
    }

    /// The first call with a page size of one, to read a total the vendor reports on pages.
    pub fn probe(&self, first: Call) -> Call {
        self.first(first, 1)
    }
}

impl End {
    /// The number of the page after page `number` (the walk started at `first`, asking for
    /// `size` records), or `None` when `seen` was the last.
    fn following(self, number: u64, first: u64, seen: &Seen<'_>, size: usize) -> Option<u64> {
        let plus_one = Some(number + 1);
        match self {
            Self::EmptyPage => plus_one.filter(|_| seen.records > 0),
            Self::ShortPage => plus_one.filter(|_| seen.records >= size),
            Self::MoreFlag(path) => {
                plus_one.filter(|_| at(seen.body, path).and_then(Value::as_bool) == Some(true))
            }
            Self::TotalPages(path) => plus_one.filter(|_| {
                count_at(seen.body, path).is_some_and(|pages| number + 1 - first < pages)
            }),
            Self::TotalRecords(path) => plus_one.filter(|_| {
                count_at(seen.body, path).is_some_and(|total| (seen.records_so_far as u64) < total)
            }),
            Self::PagesOrEmpty(path) => plus_one.filter(|_| match count_at(seen.body, path) {
                Some(pages) => number + 1 - first < pages,
                None => seen.records > 0,
            }),
            Self::NextPage(path) => count_at(seen.body, path).filter(|named| *named > number),
            Self::Single => None,
            Self::Any(ends) => ends
                .iter()
                .find_map(|end| end.following(number, first, seen, size)),
        }
    }
}

/// Puts a value where `place` says.
fn place(call: &mut Call, place: Place, value: Value) {
    match place {
        Place::Query(name) => {
            let text = match &value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            call.path = set_query(&call.path, name, &text);
        }
        Place::Body(path) => set_at(call.body.get_or_insert_with(|| json!({})), path, value),
        Place::Unsent => {}
    }
}

/// The page number a call asks for.
fn current(call: &Call, place: Place) -> Option<u64> {
    match place {
        Place::Query(name) => query_value(&call.path, name)?.parse().ok(),
        Place::Body(path) => call.body.as_ref().and_then(|body| count_at(body, path)),
        Place::Unsent => None,
    }
}

/// The `rel="next"` target of an RFC 8288 `Link` header value.
pub fn next_target(header: &str) -> Option<String> {
    header.split(',').find_map(|link| {
        let (target, params) = link.trim().split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.trim().split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        is_next.then(|| target.to_owned())
    })
}

/// Checks that a next-page link is an absolute URL on the origin of `called`, the URL the
/// engine fetched the page from, without user info.
pub fn check_link(next: &str, called: &str) -> Result<(), ForeignLink> {
    let foreign = || ForeignLink(next.to_owned());
    let next_url = url::Url::parse(next).map_err(|_| foreign())?;
    let called_url = url::Url::parse(called).map_err(|_| foreign())?;
    let same = next_url.scheme() == called_url.scheme()
        && next_url.host_str() == called_url.host_str()
        && next_url.port_or_known_default() == called_url.port_or_known_default()
        && next_url.username().is_empty()
        && next_url.password().is_none();
    same.then_some(()).ok_or_else(foreign)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CALLED: &str = "https://webservices5.autotask.net/atservicesrest/v1.0/Tickets/query";

    fn seen<'a>(body: &'a Value, link: Option<&'a str>, records: usize, so_far: usize) -> Seen<'a> {
        Seen {
            body,
            link,
            url: CALLED,
            records,
            records_so_far: so_far,
        }
    }

    #[test]
    fn a_body_link_keeps_method_and_body_when_asked() {
        let paging = Paging {
            size: Place::Body("MaxRecords"),
            max_size: 500,
            next: Next::BodyLink {
                at: "pageDetails.nextPageUrl",
                keep_body: true,
            },
            total: None,
            count: None,
        };
        let query = Call::post(
            "/Tickets/query",
            json!({"filter": [{"op": "eq", "field": "status", "value": 1}]}),
        );
        let first = paging.first(query, 900);
        assert_eq!(first.body.as_ref().unwrap()["MaxRecords"], 500);
        assert_eq!(first.body.as_ref().unwrap()["filter"][0]["field"], "status");
        let page = json!({"items": [], "pageDetails": {"nextPageUrl": "https://webservices5.autotask.net/atservicesrest/v1.0/Tickets/query/next?paging=abc"}});
        let next = paging
            .next(&first, &seen(&page, None, 500, 500), 500)
            .unwrap()
            .unwrap();
        assert_eq!(next.method, Verb::Post);
        assert_eq!(next.body, first.body, "the query's body goes along");
        assert!(next.path.ends_with("/Tickets/query/next?paging=abc"));
        let last = json!({"items": [], "pageDetails": {"nextPageUrl": null}});
        assert_eq!(
            paging
                .next(&first, &seen(&last, None, 3, 503), 500)
                .unwrap(),
            None
        );
    }

    #[test]
    fn a_body_link_on_another_origin_than_the_one_called_is_refused() {
        let paging = Paging {
            size: Place::Query("max"),
            max_size: 250,
            next: Next::BodyLink {
                at: "next",
                keep_body: false,
            },
            total: None,
            count: None,
        };
        // The configured lookup host is not where the page came from: the zone is.
        for foreign in [
            "https://webservices.autotask.net/atservicesrest/v1.0/Tickets/query/next",
            "https://evil.example/x",
            "http://webservices5.autotask.net/x",
            "https://user@webservices5.autotask.net/x",
            "/relative",
        ] {
            let page = json!({ "next": foreign });
            assert!(
                paging
                    .next(&Call::get("/x"), &seen(&page, None, 1, 1), 1)
                    .is_err(),
                "{foreign}"
            );
        }
        let page = json!({"next": "https://webservices5.autotask.net:443/y"});
        let next = paging
            .next(&Call::post("/x", json!({})), &seen(&page, None, 1, 1), 1)
            .unwrap()
            .unwrap();
        assert_eq!((next.method, next.body), (Verb::Get, None));
    }

    #[test]
    fn link_headers_name_the_next_page() {
        assert_eq!(
            next_target(r#"<https://a.example/p?page=2>; rel="next", <https://a.example/p?page=9>; rel="last""#).as_deref(),
            Some("https://a.example/p?page=2")
        );
        assert_eq!(
            next_target(r#"<https://a.example/p?page=1>; rel="prev""#),
            None
        );
        assert_eq!(next_target("garbage"), None);
        let paging = Paging {
            size: Place::Query("pageSize"),
            max_size: 1000,
            next: Next::LinkHeader,
            total: None,
            count: None,
        };
        let first = paging.first(Call::get("/service/tickets?conditions=x"), 25);
        assert_eq!(first.path, "/service/tickets?conditions=x&pageSize=25");
        let link = "<https://webservices5.autotask.net/service/tickets?page=2>; rel=\"next\"";
        let next = paging
            .next(&first, &seen(&json!([]), Some(link), 25, 25), 25)
            .unwrap()
            .unwrap();
        assert_eq!(
            next.path,
            "https://webservices5.autotask.net/service/tickets?page=2"
        );
        assert_eq!(
            paging
                .next(&first, &seen(&json!([]), None, 25, 25), 25)
                .unwrap(),
            None
        );
    }

    fn numbered(end: End) -> Paging {
        Paging {
            size: Place::Query("page_size"),
            max_size: 100,
            next: Next::Number {
                at: Place::Query("page_no"),
                first: 1,
                end,
            },
            total: None,
            count: None,
        }
    }

    #[test]
    fn page_numbers_count_up_until_each_kind_of_end() {
        let first = numbered(End::ShortPage).first(Call::get("/Tickets?pageinate=true"), 10);
        assert_eq!(first.path, "/Tickets?pageinate=true&page_size=10&page_no=1");
        let body = json!({});
        let next = numbered(End::ShortPage)
            .next(&first, &seen(&body, None, 10, 10), 10)
            .unwrap()
            .unwrap();
        assert_eq!(next.path, "/Tickets?pageinate=true&page_size=10&page_no=2");
        assert_eq!(
            numbered(End::ShortPage)
                .next(&first, &seen(&body, None, 9, 9), 10)
                .unwrap(),
            None
        );
        assert!(numbered(End::EmptyPage)
            .next(&first, &seen(&body, None, 3, 3), 10)
            .unwrap()
            .is_some());
        assert_eq!(
            numbered(End::EmptyPage)
                .next(&first, &seen(&body, None, 0, 0), 10)
                .unwrap(),
            None
        );

        let pages = json!({"meta": {"total_pages": 2}});
        let flagged = |more| json!({"data": {"getTicketList": {"listInfo": {"hasMore": more}}}});
        let by_pages = numbered(End::TotalPages("meta.total_pages"));
        let second = by_pages
            .next(&first, &seen(&pages, None, 10, 10), 10)
            .unwrap()
            .unwrap();
        assert_eq!(
            by_pages
                .next(&second, &seen(&pages, None, 10, 20), 10)
                .unwrap(),
            None
        );
        let by_flag = numbered(End::MoreFlag("data.*.listInfo.hasMore"));
        assert!(by_flag
            .next(&first, &seen(&flagged(json!(true)), None, 10, 10), 10)
            .unwrap()
            .is_some());
        for more in [json!(false), Value::Null] {
            assert_eq!(
                by_flag
                    .next(&first, &seen(&flagged(more), None, 10, 10), 10)
                    .unwrap(),
                None
            );
        }
        let by_records = numbered(End::TotalRecords("record_count"));
        let total = json!({"record_count": 15});
        assert!(by_records
            .next(&first, &seen(&total, None, 10, 10), 10)
            .unwrap()
            .is_some());
        assert_eq!(
            by_records
                .next(&first, &seen(&total, None, 5, 15), 10)
                .unwrap(),
            None
        );
    }

    #[test]
    fn a_named_next_page_a_single_answer_and_either_of_two_envelopes() {
        let first = numbered(End::NextPage("next_page")).first(Call::get("/licenses"), 10);
        let named = |next: Value| json!({"items": [], "next_page": next});
        let by_name = numbered(End::NextPage("next_page"));
        let next = by_name
            .next(&first, &seen(&named(json!(2)), None, 10, 10), 10)
            .unwrap()
            .unwrap();
        assert_eq!(next.path, "/licenses?page_size=10&page_no=2");
        for last in [Value::Null, json!(1), json!("x")] {
            assert_eq!(
                by_name
                    .next(&first, &seen(&named(last.clone()), None, 10, 10), 10)
                    .unwrap(),
                None,
                "{last}"
            );
        }
        assert_eq!(
            numbered(End::Single)
                .next(&first, &seen(&json!([1, 2]), None, 2, 2), 10)
                .unwrap(),
            None,
            "a bare array is the whole list"
        );
        assert_eq!(
            numbered(End::Single).first(Call::get("/tickets"), 10).path,
            "/tickets",
            "and is asked for without paging values"
        );
        const EITHER: &[End] = &[End::MoreFlag("has_next_page"), End::NextPage("next_page")];
        let either = numbered(End::Any(EITHER));
        for more in [json!({"has_next_page": true}), json!({"next_page": 2})] {
            assert!(
                either
                    .next(&first, &seen(&more, None, 10, 10), 10)
                    .unwrap()
                    .is_some(),
                "{more}"
            );
        }
        for last in [
            json!({"has_next_page": false}),
            json!({"next_page": null}),
            json!([]),
        ] {
            assert_eq!(
                either.next(&first, &seen(&last, None, 10, 10), 10).unwrap(),
                None,
                "{last}"
            );
        }
    }

    #[test]
    fn graphql_pages_are_variables_in_the_body() {
        let paging = Paging {
            size: Place::Body("variables.input.pageSize"),
            max_size: 100,
            next: Next::Number {
                at: Place::Body("variables.input.page"),
                first: 1,
                end: End::MoreFlag("data.*.listInfo.hasMore"),
            },
            total: None,
            count: None,
        };
        let query = Call::post(
            "",
            json!({"query": "query q($input: ListInfoInput!) { x }", "variables": {"input": {}}}),
        );
        let first = paging.first(query, 500);
        assert_eq!(
            first.body.as_ref().unwrap()["variables"]["input"],
            json!({"pageSize": 100, "page": 1})
        );
        let more = json!({"data": {"getClientList": {"listInfo": {"hasMore": true}}}});
        let next = paging
            .next(&first, &seen(&more, None, 100, 100), 100)
            .unwrap()
            .unwrap();
        assert_eq!(next.body.as_ref().unwrap()["variables"]["input"]["page"], 2);
        assert_eq!(
            next.body.as_ref().unwrap()["query"],
            first.body.as_ref().unwrap()["query"]
        );
    }

    #[test]
    fn fixed_page_sizes_send_no_size_and_a_missing_count_walks_to_an_empty_page() {
        let paging = Paging {
            size: Place::Unsent,
            max_size: 100,
            next: Next::Number {
                at: Place::Query("page"),
                first: 1,
                end: End::PagesOrEmpty("meta.total_pages"),
            },
            total: Some("meta.total_entries"),
            count: None,
        };
        let first = paging.first(Call::get("/api/v1/tickets?status=New"), 7);
        assert_eq!(first.path, "/api/v1/tickets?status=New&page=1");
        assert_eq!(paging.probe(Call::get("/x")).path, "/x?page=1");
        let counted = json!({"meta": {"total_pages": 2, "total_entries": 60}});
        let second = paging
            .next(&first, &seen(&counted, None, 50, 50), 7)
            .unwrap()
            .unwrap();
        assert_eq!(second.path, "/api/v1/tickets?status=New&page=2");
        assert_eq!(
            paging
                .next(&second, &seen(&counted, None, 10, 60), 7)
                .unwrap(),
            None,
            "the last page by count"
        );
        let uncounted = json!({"assets": []});
        let after = paging
            .next(&first, &seen(&uncounted, None, 25, 25), 7)
            .unwrap()
            .unwrap();
        assert_eq!(after.path, "/api/v1/tickets?status=New&page=2");
        assert_eq!(
            paging
                .next(&after, &seen(&uncounted, None, 0, 25), 7)
                .unwrap(),
            None,
            "an empty page ends a walk without a count"
        );
        assert_eq!(paging.total(&counted), Some(60));
    }
}
