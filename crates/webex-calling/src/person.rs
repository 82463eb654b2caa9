//! A person and the settings this crate manages for people (barge-in).

use crate::client::no_content;
use crate::modify::{self, Modified};
use crate::target::Target;
use crate::types::{BargeInSettings, BargeInSettingsUpdate};
use crate::{Error, Webex};
use std::sync::Arc;

/// One person, identified by their Webex id; from [`Webex::person`].
///
/// ```
/// let webex = webex_calling::Webex::builder().token("t").build()?;
/// let person = webex.person("PERSON_ID").org_id("ORG_ID");
/// assert_eq!(person.id(), "PERSON_ID");
/// # Ok::<(), webex_calling::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Person {
    target: Target,
}

impl Person {
    pub(crate) fn new(webex: Webex, id: String) -> Self {
        Self {
            target: Target::new(webex, id, "person id"),
        }
    }

    /// Acts in organization `org_id` (overrides the client's default org).
    ///
    /// ```
    /// # let webex = webex_calling::Webex::builder().token("t").build()?;
    /// let person = webex.person("PERSON_ID").org_id("CUSTOMER_ORG_ID");
    /// # let _ = person;
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    #[must_use]
    pub fn org_id(mut self, org_id: impl Into<String>) -> Self {
        self.target.set_org_id(org_id.into());
        self
    }

    /// The person's id.
    ///
    /// ```
    /// # let webex = webex_calling::Webex::builder().token("t").build()?;
    /// assert_eq!(webex.person("P").id(), "P");
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.target.id
    }

    /// The person's barge-in settings.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let settings = webex.person("PERSON_ID").barge_in().get().await?;
    /// # let _ = settings;
    /// # Ok(())
    /// # }
    /// ```
    pub fn barge_in(&self) -> BargeIn {
        BargeIn {
            person: self.clone(),
        }
    }
}

/// A person's barge-in settings: whether they may barge in on calls with a
/// feature access code, and whether a warning tone plays.
///
/// ```no_run
/// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
/// let barge_in = webex.person("PERSON_ID").barge_in();
/// let outcome = barge_in.modify(|s| s.tone_enabled = true).await?;
/// println!("changed: {}", outcome.changed());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct BargeIn {
    person: Person,
}

impl BargeIn {
    /// Reads the settings (`GET /people/{id}/features/bargeIn`).
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let settings = webex.person("PERSON_ID").barge_in().get().await?;
    /// println!("enabled={} tone={}", settings.enabled, settings.tone_enabled);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get(&self) -> Result<BargeInSettings, Error> {
        self.person.target.check()?;
        let Target {
            webex, id, org_id, ..
        } = &self.person.target;
        webex
            .call("get_person_barge_in", id, |client, tracking_id| {
                let (id, org_id) = (Arc::clone(id), org_id.clone());
                async move {
                    client
                        .get_person_barge_in(&id, org_id.as_deref(), Some(&*tracking_id))
                        .await
                        .map(|response| response.into_inner())
                }
            })
            .await
    }

    /// Changes the fields set in `update`; the others keep their values
    /// (`PUT /people/{id}/features/bargeIn`).
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// use webex_calling::types::BargeInSettingsUpdate;
    /// let update = BargeInSettingsUpdate { enabled: Some(true), ..Default::default() };
    /// webex.person("PERSON_ID").barge_in().update(&update).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn update(&self, update: &BargeInSettingsUpdate) -> Result<(), Error> {
        self.person.target.check()?;
        let Target {
            webex, id, org_id, ..
        } = &self.person.target;
        webex
            .call("update_person_barge_in", id, |client, tracking_id| {
                let (id, org_id, body) = (Arc::clone(id), org_id.clone(), update.clone());
                async move {
                    no_content(
                        client
                            .update_person_barge_in(
                                &id,
                                org_id.as_deref(),
                                Some(&*tracking_id),
                                &body,
                            )
                            .await,
                    )
                }
            })
            .await
    }

    /// Reads the settings, applies `edit`, and sends only the fields it
    /// changed; sends nothing when it changed nothing.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let outcome = webex.person("PERSON_ID").barge_in().modify(|s| s.enabled = false).await?;
    /// assert_eq!(outcome.sent, outcome.update.is_some());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn modify(
        &self,
        edit: impl FnOnce(&mut BargeInSettings),
    ) -> Result<Modified<BargeInSettings, BargeInSettingsUpdate>, Error> {
        let plan = self.preview(edit).await?;
        modify::send(plan, async |update| self.update(update).await).await
    }

    /// Like [`modify`](Self::modify) but never sends the update: for dry runs.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let plan = webex.person("PERSON_ID").barge_in().preview(|s| s.enabled = true).await?;
    /// println!("would send: {:?}", plan.update);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn preview(
        &self,
        edit: impl FnOnce(&mut BargeInSettings),
    ) -> Result<Modified<BargeInSettings, BargeInSettingsUpdate>, Error> {
        modify::plan(self.get().await?, edit)
    }
}
