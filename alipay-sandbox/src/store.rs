//! The registrations, in SQLite: one connection, every change in its own transaction, and a
//! reply is built only after that transaction has committed.
//!
//! The database runs in WAL mode with `synchronous=FULL`: a committed registration survives
//! the process being killed, and a power loss too.
//!
//! Every transaction starts `IMMEDIATE`, taking the write lock at once: a second process on the
//! same file (another sandbox, a `sqlite3` shell) makes it wait up to [`BUSY_TIMEOUT`] instead
//! of failing when a read transaction cannot be upgraded.
//!
//! A sandbox database is marked: `PRAGMA application_id` is [`APPLICATION_ID`] and
//! `user_version` is [`SCHEMA_VERSION`]. [`Store::open`] refuses any other file: another
//! program's database, or another version's, is never changed (not even switched to WAL). An
//! empty file is made a sandbox database; so is an unmarked one holding exactly the
//! `registrations` table of earlier sandboxes. A new file is created readable and writable by
//! its owner only (it holds registrations' personal data in clear); SQLite gives its `-wal` and
//! `-shm` files the same permissions.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// The `application_id` of a sandbox database: the ASCII bytes `ApSb`.
pub const APPLICATION_ID: i32 = 0x4170_5362;

/// The schema version this sandbox reads and writes (`user_version`).
pub const SCHEMA_VERSION: i32 = 1;

/// How long a transaction waits for another connection's write lock.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The most registrations one page of the admin list holds.
pub const MAX_PAGE: usize = 1000;

/// Why a database cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// The path is empty (SQLite would open a private temporary database).
    #[error("the database path is empty: give a file, or :memory: for none")]
    EmptyPath,
    /// The file cannot be created.
    #[error("{path}: cannot create")]
    Create {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite cannot open or read it (for instance, it is not an SQLite database).
    #[error("{path}")]
    Sqlite {
        /// The path.
        path: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// It is another program's database.
    #[error("{path} is not an alipay-sandbox database ({why}); it was left unchanged")]
    Foreign {
        /// The path.
        path: String,
        /// What it holds instead.
        why: String,
    },
    /// It is a sandbox database of another schema version.
    #[error(
        "{path} is an alipay-sandbox database of schema version {found}; this sandbox reads \
         version {SCHEMA_VERSION}"
    )]
    Version {
        /// The path.
        path: String,
        /// Its `user_version`.
        found: i32,
    },
    /// WAL mode could not be set (SQLite answered another journal mode).
    #[error("{path}: journal mode is {found:?}, not wal: the file system may not support WAL")]
    JournalMode {
        /// The path.
        path: String,
        /// The mode SQLite answered.
        found: String,
    },
}

/// A registration's key: the family, the merchant ID and the store ID (`""` for none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Key {
    /// `overseas` or `intl`.
    pub family: String,
    /// `secondary_merchant_id` or `merchantId`.
    pub merchant_id: String,
    /// `store_id`; empty when the registration has no store.
    #[serde(default)]
    pub store_id: String,
}

/// One stored registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// Where it is filed.
    pub key: Key,
    /// The service that registered it last.
    pub service: String,
    /// `UNDER_REVIEW`, `MODIFICATION_REVIEW`, `SUCCESS` or `FAILED`.
    pub status: String,
    /// Why the review failed.
    pub reject_reason: Option<String>,
    /// Why the running review will fail when it ends (the review rules it breaks).
    pub pending_reason: Option<String>,
    /// Whether it was archived.
    pub archived: bool,
    /// When the running review ends, in Unix seconds.
    pub review_due: i64,
    /// The registered values (overseas: the flat params; intl: the body), stored as JSON.
    pub fields: Map<String, Value>,
}

/// What the admin list shows of a registration: no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Where it is filed.
    #[serde(flatten)]
    pub key: Key,
    /// The service that registered it last.
    pub service: String,
    /// The review status.
    pub status: String,
    /// Why the review failed.
    pub reject_reason: Option<String>,
    /// Whether it was archived.
    pub archived: bool,
}

/// The database.
#[derive(Debug, Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

/// The columns of the `registrations` table, in order.
const COLUMNS: [&str; 10] = [
    "family",
    "merchant_id",
    "store_id",
    "service",
    "status",
    "reject_reason",
    "pending_reason",
    "archived",
    "review_due",
    "fields",
];

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS registrations (
        family TEXT NOT NULL,
        merchant_id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        service TEXT NOT NULL,
        status TEXT NOT NULL,
        reject_reason TEXT,
        pending_reason TEXT,
        archived INTEGER NOT NULL,
        review_due INTEGER NOT NULL,
        fields TEXT NOT NULL,
        PRIMARY KEY (family, merchant_id, store_id)
    );";

/// What [`check`] found.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// A sandbox database of this version.
    Ours,
    /// An empty database, or an earlier sandbox's unmarked one: to be marked.
    Unmarked,
}

impl Store {
    /// Opens (or creates) the sandbox database at `path`; `:memory:` keeps it in memory.
    ///
    /// # Errors
    /// [`OpenError`]: an empty path, a file that cannot be created or read, another program's
    /// database or another schema version's, or a file system without WAL.
    pub fn open(path: &str) -> Result<Self, OpenError> {
        let sqlite = |source| OpenError::Sqlite {
            path: path.to_owned(),
            source,
        };
        if path.is_empty() {
            return Err(OpenError::EmptyPath);
        }
        let memory = path == ":memory:";
        if !memory {
            create_private(path).map_err(|source| OpenError::Create {
                path: path.to_owned(),
                source,
            })?;
        }
        // Without SQLITE_OPEN_URI: a path is a file name, never a `file:` URI with options.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut connection = Connection::open_with_flags(path, flags).map_err(sqlite)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        check(&connection, path)?;
        if !memory {
            let mode: String = connection
                .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
                .map_err(sqlite)?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(OpenError::JournalMode {
                    path: path.to_owned(),
                    found: mode,
                });
            }
        }
        connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite)?;
        // Marked under the write lock: a second sandbox starting on the same new file waits,
        // then finds it marked.
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        if check(&tx, path)? == Found::Unmarked {
            tx.execute_batch(&format!(
                "{SCHEMA}
                 PRAGMA application_id = {APPLICATION_ID};
                 PRAGMA user_version = {SCHEMA_VERSION};"
            ))
            .map_err(sqlite)?;
        }
        tx.commit().map_err(sqlite)?;
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` in one transaction on a blocking thread and commits it.
    ///
    /// # Errors
    /// SQLite's error; nothing is committed then.
    pub async fn run<T, F>(&self, work: F) -> rusqlite::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> rusqlite::Result<T> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.run_blocking(work))
            .await
            .unwrap_or_else(|join| {
                // The blocking task was cancelled or panicked: its transaction rolled back.
                let aborted = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ABORT);
                Err(rusqlite::Error::SqliteFailure(
                    aborted,
                    Some(join.to_string()),
                ))
            })
    }

    /// [`Store::run`] on the calling thread.
    ///
    /// # Errors
    /// SQLite's error; nothing is committed then.
    pub fn run_blocking<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        // A panic while the lock was held cannot leave a transaction open: the transaction
        // rolls back when dropped. The connection is still usable.
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&transaction)?;
        transaction.commit()?;
        Ok(value)
    }
}

/// Whether the database on `connection` is ours, unmarked (empty, or an earlier sandbox's),
/// or to be refused.
fn check(connection: &Connection, path: &str) -> Result<Found, OpenError> {
    let sqlite = |source| OpenError::Sqlite {
        path: path.to_owned(),
        source,
    };
    let foreign = |why: String| OpenError::Foreign {
        path: path.to_owned(),
        why,
    };
    let pragma = |name: &str| {
        connection
            .pragma_query_value(None, name, |row| row.get::<_, i32>(0))
            .map_err(sqlite)
    };
    let application_id = pragma("application_id")?;
    let version = pragma("user_version")?;
    if application_id == APPLICATION_ID {
        return if version == SCHEMA_VERSION {
            Ok(Found::Ours)
        } else {
            Err(OpenError::Version {
                path: path.to_owned(),
                found: version,
            })
        };
    }
    if application_id != 0 {
        return Err(foreign(format!(
            "its application_id is {application_id:#x}"
        )));
    }
    let mut statement = connection
        .prepare(
            "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .map_err(sqlite)?;
    let objects = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
        .map_err(sqlite)?;
    match objects.as_slice() {
        [] => Ok(Found::Unmarked),
        [(kind, name)] if kind == "table" && name == "registrations" => {
            let mut columns = connection
                .prepare("SELECT name FROM pragma_table_info('registrations') ORDER BY cid")
                .map_err(sqlite)?;
            let columns = columns
                .query_map([], |row| row.get::<_, String>(0))
                .and_then(Iterator::collect::<rusqlite::Result<Vec<_>>>)
                .map_err(sqlite)?;
            if columns == COLUMNS && version == 0 {
                Ok(Found::Unmarked)
            } else {
                Err(foreign(format!(
                    "its registrations table has the columns {}",
                    columns.join(", ")
                )))
            }
        }
        objects => {
            let names: Vec<String> = objects
                .iter()
                .take(5)
                .map(|(kind, name)| format!("{kind} {name}"))
                .collect();
            let more = if objects.len() > 5 { ", ..." } else { "" };
            Err(foreign(format!("it holds {}{more}", names.join(", "))))
        }
    }
}

/// Creates the file at `path` readable and writable by its owner only, if it does not exist.
fn create_private(path: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error),
    }
}

/// The registration filed under `key`.
pub fn load(tx: &Transaction<'_>, key: &Key) -> rusqlite::Result<Option<Registration>> {
    tx.query_row(
        "SELECT service, status, reject_reason, pending_reason, archived, review_due, fields
         FROM registrations WHERE family = ?1 AND merchant_id = ?2 AND store_id = ?3",
        params![key.family, key.merchant_id, key.store_id],
        |row| {
            Ok(Registration {
                key: key.clone(),
                service: row.get(0)?,
                status: row.get(1)?,
                reject_reason: row.get(2)?,
                pending_reason: row.get(3)?,
                archived: row.get(4)?,
                review_due: row.get(5)?,
                fields: fields_column(row, 6)?,
            })
        },
    )
    .optional()
}

/// Writes `registration`, replacing the one filed under the same key.
pub fn save(tx: &Transaction<'_>, registration: &Registration) -> rusqlite::Result<()> {
    let r = registration;
    tx.execute(
        "INSERT OR REPLACE INTO registrations
         (family, merchant_id, store_id, service, status, reject_reason, pending_reason,
          archived, review_due, fields)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            r.key.family,
            r.key.merchant_id,
            r.key.store_id,
            r.service,
            r.status,
            r.reject_reason,
            r.pending_reason,
            r.archived,
            r.review_due,
            Value::Object(r.fields.clone()).to_string()
        ],
    )?;
    Ok(())
}

/// One page of the registration list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// The registrations, in key order.
    pub registrations: Vec<Summary>,
    /// The key of the last one when more may follow: where the next page starts.
    pub next: Option<Key>,
}

/// The registrations after `after` in key order (from the first when `None`), at most `limit`
/// (1 to [`MAX_PAGE`]), each review whose time has passed at `now` settled and saved.
///
/// # Errors
/// SQLite's error.
pub fn page(
    tx: &Transaction<'_>,
    after: Option<&Key>,
    limit: usize,
    now: i64,
) -> rusqlite::Result<Page> {
    let limit = limit.clamp(1, MAX_PAGE);
    let empty = String::new();
    let (family, merchant_id, store_id) = after.map_or((&empty, &empty, &empty), |key| {
        (&key.family, &key.merchant_id, &key.store_id)
    });
    // `after` None: every key is greater than ("", "", "") except that key itself, which no
    // registration has (the family is never empty).
    let mut statement = tx.prepare(
        "SELECT family, merchant_id, store_id, service, status, reject_reason, pending_reason,
                archived, review_due, fields
         FROM registrations
         WHERE (family, merchant_id, store_id) > (?1, ?2, ?3)
         ORDER BY family, merchant_id, store_id
         LIMIT ?4",
    )?;
    let rows = statement.query_map(
        params![
            family,
            merchant_id,
            store_id,
            // `limit` is at most MAX_PAGE (clamped above): it always fits.
            i64::try_from(limit).unwrap_or(i64::MAX)
        ],
        |row| {
            Ok(Registration {
                key: Key {
                    family: row.get(0)?,
                    merchant_id: row.get(1)?,
                    store_id: row.get(2)?,
                },
                service: row.get(3)?,
                status: row.get(4)?,
                reject_reason: row.get(5)?,
                pending_reason: row.get(6)?,
                archived: row.get(7)?,
                review_due: row.get(8)?,
                fields: fields_column(row, 9)?,
            })
        },
    )?;
    let mut registrations = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    for registration in &mut registrations {
        if crate::review::settle(registration, now) {
            save(tx, registration)?;
        }
    }
    let next = (registrations.len() == limit)
        .then(|| registrations.last().map(|last| last.key.clone()))
        .flatten();
    Ok(Page {
        registrations: registrations
            .into_iter()
            .map(Registration::summary)
            .collect(),
        next,
    })
}

/// The `fields` column at `index` of `row`, read as the JSON object the sandbox wrote. Text
/// that does not read as one is a damaged database: a conversion error naming the column
/// (never read as no values, which would drop the registered values from query replies and let
/// a locked field change unnoticed).
fn fields_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Map<String, Value>> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Registration {
    /// What the admin list shows of it.
    fn summary(self) -> Summary {
        Summary {
            key: self.key,
            service: self.service,
            status: self.status,
            reject_reason: self.reject_reason,
            archived: self.archived,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registration(merchant_id: &str) -> Registration {
        Registration {
            key: Key {
                family: "overseas".into(),
                merchant_id: merchant_id.into(),
                store_id: String::new(),
            },
            service: "s".into(),
            status: "UNDER_REVIEW".into(),
            reject_reason: None,
            pending_reason: Some("why".into()),
            archived: false,
            review_due: 7,
            fields: Map::new(),
        }
    }

    #[test]
    fn registrations_are_saved_replaced_and_listed() {
        let store = Store::open(":memory:").unwrap();
        let first = registration("m1");
        store.run_blocking(|tx| save(tx, &first)).unwrap();
        let mut changed = first.clone();
        changed.status = "SUCCESS".into();
        store.run_blocking(|tx| save(tx, &changed)).unwrap();
        let loaded = store.run_blocking(|tx| load(tx, &first.key)).unwrap();
        assert_eq!(loaded, Some(changed));
        let listed = store
            .run_blocking(|tx| page(tx, None, MAX_PAGE, 0))
            .unwrap()
            .registrations;
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].status, "SUCCESS");
    }

    #[test]
    fn fields_that_do_not_read_are_an_error_not_no_values() {
        let store = Store::open(":memory:").unwrap();
        let mut first = registration("m1");
        first
            .fields
            .insert("secondary_merchant_name".into(), "Shop".into());
        store.run_blocking(|tx| save(tx, &first)).unwrap();
        let loaded = store.run_blocking(|tx| load(tx, &first.key)).unwrap();
        assert_eq!(loaded.map(|r| r.fields), Some(first.fields.clone()));
        store
            .run_blocking(|tx| tx.execute("UPDATE registrations SET fields = '{\"cut'", []))
            .unwrap();
        let error = store.run_blocking(|tx| load(tx, &first.key)).unwrap_err();
        assert!(
            matches!(error, rusqlite::Error::FromSqlConversionFailure(6, _, _)),
            "{error:?}"
        );
        let error = store
            .run_blocking(|tx| page(tx, None, MAX_PAGE, 0))
            .unwrap_err();
        assert!(
            matches!(error, rusqlite::Error::FromSqlConversionFailure(9, _, _)),
            "{error:?}"
        );
    }

    #[test]
    fn a_failed_transaction_commits_nothing() {
        let store = Store::open(":memory:").unwrap();
        let result: rusqlite::Result<()> = store.run_blocking(|tx| {
            save(tx, &registration("m1"))?;
            Err(rusqlite::Error::InvalidQuery)
        });
        assert!(result.is_err());
        let listed = store.run_blocking(|tx| page(tx, None, MAX_PAGE, 0));
        assert!(listed.unwrap().registrations.is_empty());
    }
}
