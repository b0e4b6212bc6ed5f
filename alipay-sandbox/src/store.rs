//! The registrations, in SQLite: one connection, every change in its own transaction, and a
//! reply is built only after that transaction has committed.
//!
//! The database runs in WAL mode with `synchronous=FULL`: a committed registration survives
//! the process being killed, and a power loss too.

use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

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
    /// The registered values as JSON (overseas: the flat params; intl: the body).
    pub fields: String,
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

const SCHEMA: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
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

impl Store {
    /// Opens (or creates) the database at `path`; `:memory:` keeps it in memory.
    ///
    /// # Errors
    /// SQLite's error.
    pub fn open(path: &str) -> rusqlite::Result<Self> {
        let connection = Connection::open(path)?;
        connection.execute_batch(SCHEMA)?;
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
        let transaction = connection.transaction()?;
        let value = work(&transaction)?;
        transaction.commit()?;
        Ok(value)
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
                fields: row.get(6)?,
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
            r.fields
        ],
    )?;
    Ok(())
}

/// Every registration, in key order.
pub fn list(tx: &Transaction<'_>) -> rusqlite::Result<Vec<Summary>> {
    let mut statement = tx.prepare(
        "SELECT family, merchant_id, store_id, service, status, reject_reason, archived
         FROM registrations ORDER BY family, merchant_id, store_id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(Summary {
            key: Key {
                family: row.get(0)?,
                merchant_id: row.get(1)?,
                store_id: row.get(2)?,
            },
            service: row.get(3)?,
            status: row.get(4)?,
            reject_reason: row.get(5)?,
            archived: row.get(6)?,
        })
    })?;
    rows.collect()
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
            fields: "{}".into(),
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
        let listed = store.run_blocking(list).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].status, "SUCCESS");
    }

    #[test]
    fn a_failed_transaction_commits_nothing() {
        let store = Store::open(":memory:").unwrap();
        let result: rusqlite::Result<()> = store.run_blocking(|tx| {
            save(tx, &registration("m1"))?;
            Err(rusqlite::Error::InvalidQuery)
        });
        assert!(result.is_err());
        assert!(store.run_blocking(list).unwrap().is_empty());
    }
}
