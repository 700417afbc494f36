//! A thin typed layer over the D1 binding: statements with positional parameters, rows
//! deserialized with serde, and the number of rows a write changed (for compare-and-set).

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, Env, Result};

/// The binding name of the database in `wrangler.toml`.
pub const BINDING: &str = "DB";

/// One positional statement parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Text(String),
    Int(i64),
    Null,
}

impl From<&str> for Param {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}
impl From<String> for Param {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}
impl From<&String> for Param {
    fn from(value: &String) -> Self {
        Self::Text(value.clone())
    }
}
impl From<i64> for Param {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}
impl<T: Into<Param>> From<Option<T>> for Param {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

impl Param {
    fn to_js(&self) -> JsValue {
        match self {
            Self::Text(text) => JsValue::from_str(text),
            // D1 numbers are JavaScript numbers: exact for every timestamp and counter used here.
            Self::Int(int) => JsValue::from_f64(*int as f64),
            Self::Null => JsValue::NULL,
        }
    }
}

/// Builds a `Vec<Param>` from values of mixed types.
#[macro_export]
macro_rules! params {
    ($($value:expr),* $(,)?) => { vec![$($crate::db::Param::from($value)),*] };
}

/// A statement and its parameters, for [`Db::batch`].
pub struct Statement {
    sql: &'static str,
    params: Vec<Param>,
}

impl Statement {
    /// A statement with positional parameters `?1`, `?2`, ….
    pub fn new(sql: &'static str, params: Vec<Param>) -> Self {
        Self { sql, params }
    }

    /// The parameters, for tests of the statements a module builds.
    pub fn params(&self) -> &[Param] {
        &self.params
    }
}

/// The database.
pub struct Db(D1Database);

impl Db {
    /// The database bound to this Worker.
    pub fn from_env(env: &Env) -> Result<Self> {
        Ok(Self(env.d1(BINDING)?))
    }

    fn prepare(&self, statement: &Statement) -> Result<D1PreparedStatement> {
        let values: Vec<JsValue> = statement.params.iter().map(Param::to_js).collect();
        self.0.prepare(statement.sql).bind(&values)
    }

    /// The first row, if any.
    pub async fn first<T: DeserializeOwned>(
        &self,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<Option<T>> {
        self.prepare(&Statement::new(sql, params))?
            .first(None)
            .await
    }

    /// Every row.
    pub async fn all<T: DeserializeOwned>(
        &self,
        sql: &'static str,
        params: Vec<Param>,
    ) -> Result<Vec<T>> {
        self.prepare(&Statement::new(sql, params))?
            .all()
            .await?
            .results()
    }

    /// Runs a write and returns how many rows it changed.
    pub async fn run(&self, sql: &'static str, params: Vec<Param>) -> Result<usize> {
        let result = self.prepare(&Statement::new(sql, params))?.run().await?;
        Ok(result.meta()?.and_then(|meta| meta.changes).unwrap_or(0))
    }

    /// Runs statements as one transaction: all apply or none do.
    pub async fn batch(&self, statements: Vec<Statement>) -> Result<()> {
        let prepared = statements
            .iter()
            .map(|s| self.prepare(s))
            .collect::<Result<Vec<_>>>()?;
        self.0.batch(prepared).await?;
        Ok(())
    }
}

/// The current time in Unix seconds, from the Workers clock.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}
