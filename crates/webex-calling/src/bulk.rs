//! Running one operation over many ids with bounded concurrency.

use crate::{Desired, Error, Journal, ModifiedOf, Setting, Target, Webex};
use futures::{Stream, StreamExt};
use std::future::Future;
use std::sync::Arc;

/// How [`Webex::bulk`] runs: how many operations at once, and whether results
/// come back in input order.
///
/// ```
/// let options = webex_calling::BulkOptions::default().concurrency(8).ordered(true);
/// assert_eq!(options.concurrency, 8);
/// assert!(options.ordered);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkOptions {
    /// The most operations running at once (at least 1; default 16). Memory
    /// use is bounded by this, not by the number of ids.
    pub concurrency: usize,
    /// Yield results in input order (default false: as they complete, which
    /// keeps one slow id from holding back the others' results).
    pub ordered: bool,
}

impl Default for BulkOptions {
    fn default() -> Self {
        Self {
            concurrency: 16,
            ordered: false,
        }
    }
}

impl BulkOptions {
    /// Sets [`concurrency`](Self::concurrency) (0 is treated as 1).
    ///
    /// ```
    /// assert_eq!(webex_calling::BulkOptions::default().concurrency(0).concurrency, 1);
    /// ```
    #[must_use]
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// Sets [`ordered`](Self::ordered).
    ///
    /// ```
    /// assert!(webex_calling::BulkOptions::default().ordered(true).ordered);
    /// ```
    #[must_use]
    pub fn ordered(mut self, ordered: bool) -> Self {
        self.ordered = ordered;
        self
    }
}

impl Webex {
    /// Runs `op` for every id, at most `options.concurrency` at a time, and
    /// yields `(id, result)` once per input id, failures included.
    ///
    /// Ids are pulled from `ids` lazily, so a huge or endless iterator is
    /// fine. `op` gets a clone of this client and the id; it can be a read, an
    /// update or a read-modify-write. The client's own concurrency limit,
    /// retries and rate-limit pause apply to every request inside.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use webex_calling::{BulkOptions, Webex};
    ///
    /// # async fn run(webex: Webex) -> Result<(), webex_calling::Error> {
    /// let ids = vec!["PERSON_1".to_string(), "PERSON_2".to_string()];
    /// let mut results = webex.bulk(ids, BulkOptions::default().concurrency(8), |webex, id| async move {
    ///     webex.person(id).barge_in().modify(|s| s.enabled = true).await
    /// });
    /// while let Some((id, result)) = results.next().await {
    ///     match result {
    ///         Ok(outcome) => println!("{id}: changed={}", outcome.changed()),
    ///         Err(error) => eprintln!("{id}: {error}"),
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn bulk<I, F, Fut, T>(
        &self,
        ids: I,
        options: BulkOptions,
        op: F,
    ) -> impl Stream<Item = (String, Result<T, Error>)> + use<I, F, Fut, T>
    where
        I: IntoIterator,
        I::Item: Into<String>,
        F: Fn(Webex, String) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.bulk_stream(futures::stream::iter(ids).map(Into::into), options, op)
    }

    /// [`bulk`](Self::bulk) over a stream of ids, e.g. ids read from a file
    /// or from another API as they arrive.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use webex_calling::{BulkOptions, Webex};
    ///
    /// # async fn run(webex: Webex) {
    /// let ids = futures::stream::iter(["LINE_1", "LINE_2"]).map(String::from);
    /// let results: Vec<_> = webex
    ///     .bulk_stream(ids, BulkOptions::default().ordered(true), |webex, id| async move {
    ///         webex.virtual_line(id).push_to_talk().get().await
    ///     })
    ///     .collect()
    ///     .await;
    /// assert_eq!(results.len(), 2);
    /// # }
    /// ```
    ///
    /// The items need not be bare ids: any cloneable item (an id with its
    /// [`Kind`](crate::Kind), a [`TargetSummary`](crate::TargetSummary), ...)
    /// is handed to `op` and yielded back with its result.
    pub fn bulk_stream<S, I, F, Fut, T>(
        &self,
        ids: S,
        options: BulkOptions,
        op: F,
    ) -> impl Stream<Item = (I, Result<T, Error>)> + use<S, I, F, Fut, T>
    where
        S: Stream<Item = I>,
        I: Clone,
        F: Fn(Webex, I) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let webex = self.clone();
        let concurrency = options.concurrency.max(1);
        // `buffered` and `buffer_unordered` pull the next id only when a slot
        // frees up, which is what bounds memory by the concurrency.
        let jobs = ids.map(move |id| {
            let job = op(webex.clone(), id.clone());
            async move { (id, job.await) }
        });
        if options.ordered {
            jobs.buffered(concurrency).left_stream()
        } else {
            jobs.buffer_unordered(concurrency).right_stream()
        }
    }

    /// Brings many targets to their desired states (e.g. the rows of a
    /// snapshot): for each `(target, desired)` reads the setting, works out the
    /// minimal update and sends it (nothing when it already matches; nothing
    /// at all with `dry_run`). Yields every target once with its outcome.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use webex_calling::types::BargeInSettingsUpdate;
    /// use webex_calling::{BargeIn, BulkOptions, Desired, Webex};
    ///
    /// # async fn run(webex: Webex) -> Result<(), webex_calling::Error> {
    /// let mut enable = BargeInSettingsUpdate::default();
    /// enable.enabled = Some(true);
    /// let mut quiet = BargeInSettingsUpdate::default();
    /// quiet.tone_enabled = Some(false);
    /// let rows = vec![
    ///     (webex.person("P1"), Desired::<BargeIn>::values(enable)),
    ///     (webex.workspace("W1"), Desired::values(quiet)),
    /// ];
    /// let mut outcomes = webex.apply_stream(futures::stream::iter(rows), BulkOptions::default(), false);
    /// while let Some((target, result)) = outcomes.next().await {
    ///     match result {
    ///         Ok(modified) => println!("{} {}: {}", target.kind(), target.id(), modified.outcome()),
    ///         Err(error) => eprintln!("{}: {error}", target.id()),
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn apply_stream<S, St>(
        &self,
        desired: St,
        options: BulkOptions,
        dry_run: bool,
    ) -> impl Stream<Item = (Target, Result<ModifiedOf<S>, Error>)> + use<S, St>
    where
        S: Setting,
        St: Stream<Item = (Target, Desired<S>)>,
    {
        let items = desired.map(|(target, desired)| (target, Arc::new(desired)));
        self.bulk_stream(items, options, move |_, (target, desired)| async move {
            target.setting::<S>().apply(&desired, dry_run).await
        })
        .map(|((target, _), result)| (target, result))
    }

    /// [`apply_stream`](Self::apply_stream) with an undo journal: each
    /// target's state before its change is recorded in `journal`, durably,
    /// before the change is sent (see [`Handle::apply_journaled`](crate::Handle::apply_journaled)).
    pub fn apply_stream_journaled<S, St>(
        &self,
        desired: St,
        options: BulkOptions,
        journal: Arc<dyn Journal<S>>,
    ) -> impl Stream<Item = (Target, Result<ModifiedOf<S>, Error>)> + use<S, St>
    where
        S: Setting,
        St: Stream<Item = (Target, Desired<S>)>,
    {
        let items = desired.map(|(target, desired)| (target, Arc::new(desired)));
        self.bulk_stream(items, options, move |_, (target, desired)| {
            let journal = Arc::clone(&journal);
            async move {
                target
                    .setting::<S>()
                    .apply_journaled(&desired, journal.as_ref())
                    .await
            }
        })
        .map(|((target, _), result)| (target, result))
    }
}
