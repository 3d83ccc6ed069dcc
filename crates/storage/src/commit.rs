//! Group commit for the dossier hot path (filings, uploads and transitions).
//!
//! Callers hand a fully prepared write to a committer lane and wait for their own result.
//! A lane takes every write waiting (up to `max_batch`), runs them one after the other in
//! ONE transaction and commits once, so many filings and transitions share one commit (one
//! WAL write on SQLite, one fsync on PostgreSQL) and one trip through the connection.
//!
//! What stays true: each write is complete in itself (a transition's state change, history
//! line, form-05 row, outbox event and audit record are one statement on PostgreSQL and one
//! guarded statement batch on SQLite, see `dossiers.rs`), so a commit holds whole writes
//! only; a stale version writes nothing and does not disturb the others; and if any write
//! of a batch fails, the whole batch is rolled back and every write is run again in a
//! transaction of its own, so one failure never poisons the others' results.

use std::sync::Arc;

use sqlx::AnyPool;
use tokio::sync::{Mutex, mpsc, oneshot};

use crate::Result;
use crate::db::Backend;
use crate::dossiers::{SubmitWrite, TransitionWrite, write_submit, write_transition};
use crate::files::{AttachmentWrite, write_attachment};

/// A prepared write.
pub(crate) enum Job {
    Submit(SubmitWrite),
    Transition(Box<TransitionWrite>),
    Attach(AttachmentWrite),
}

/// What a write did.
pub(crate) enum Done {
    Submitted {
        id: i64,
        code: String,
    },
    Applied,
    Inserted(i64),
    /// The expected version was not the stored one: nothing was written.
    Stale,
}

struct Pending {
    job: Job,
    reply: oneshot::Sender<Result<Done>>,
}

/// Handle on the committer lanes of a store.
#[derive(Clone)]
pub(crate) struct Committer {
    tx: mpsc::UnboundedSender<Pending>,
}

impl std::fmt::Debug for Committer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Committer")
    }
}

impl Committer {
    /// Starts `lanes` committer tasks on `pool` (they stop when the last handle is dropped).
    pub(crate) fn start(pool: AnyPool, backend: Backend, lanes: usize, max_batch: usize) -> Committer {
        let (tx, rx) = mpsc::unbounded_channel();
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..lanes.max(1) {
            tokio::spawn(lane(pool.clone(), backend, rx.clone(), max_batch.max(1)));
        }
        Committer { tx }
    }

    /// Runs one write through a lane and waits for its own result.
    pub(crate) async fn run(&self, job: Job) -> Result<Done> {
        let (reply, wait) = oneshot::channel();
        self.tx
            .send(Pending { job, reply })
            .map_err(|_| sqlx::Error::PoolClosed)?;
        wait.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

async fn lane(pool: AnyPool, backend: Backend, rx: Arc<Mutex<mpsc::UnboundedReceiver<Pending>>>, max_batch: usize) {
    loop {
        let batch = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else {
                return;
            };
            let mut batch = vec![first];
            while batch.len() < max_batch {
                match rx.try_recv() {
                    Ok(p) => batch.push(p),
                    Err(_) => break,
                }
            }
            batch
        };
        let jobs: Vec<&Job> = batch.iter().map(|p| &p.job).collect();
        match together(&pool, backend, &jobs).await {
            Ok(results) => {
                for (p, r) in batch.into_iter().zip(results) {
                    let _ = p.reply.send(Ok(r));
                }
            }
            Err(e) if batch.len() == 1 => {
                if let Some(p) = batch.into_iter().next() {
                    let _ = p.reply.send(Err(e));
                }
            }
            Err(_) => {
                // Something in the batch failed and everything was rolled back: run each
                // write alone so that each caller gets its own outcome.
                for p in batch {
                    let r = together(&pool, backend, &[&p.job])
                        .await
                        .map(|mut v| v.pop().unwrap_or(Done::Stale));
                    let _ = p.reply.send(r);
                }
            }
        }
    }
}

/// Runs `jobs` in one transaction; any error rolls all of them back.
async fn together(pool: &AnyPool, backend: Backend, jobs: &[&Job]) -> Result<Vec<Done>> {
    let mut tx = pool.begin().await?;
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        out.push(match job {
            Job::Submit(w) => {
                let (id, code) = write_submit(&mut tx, backend, w).await?;
                Done::Submitted { id, code }
            }
            Job::Attach(w) => Done::Inserted(write_attachment(&mut tx, w).await?),
            Job::Transition(w) => {
                if write_transition(&mut tx, backend, w).await? {
                    Done::Applied
                } else {
                    Done::Stale
                }
            }
        });
    }
    tx.commit().await?;
    Ok(out)
}
