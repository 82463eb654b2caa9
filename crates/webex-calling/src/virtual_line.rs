//! A virtual line and the settings this crate manages for it (push-to-talk).

use crate::client::no_content;
use crate::modify::{self, Modified};
use crate::target::Target;
use crate::types::{PushToTalkMember, PushToTalkSettings, PushToTalkSettingsUpdate};
use crate::{Error, Webex};
use std::sync::Arc;

/// One virtual line, identified by its Webex id; from [`Webex::virtual_line`].
///
/// ```
/// let webex = webex_calling::Webex::builder().token("t").build()?;
/// let line = webex.virtual_line("VIRTUAL_LINE_ID").org_id("ORG_ID");
/// assert_eq!(line.id(), "VIRTUAL_LINE_ID");
/// # Ok::<(), webex_calling::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct VirtualLine {
    target: Target,
}

impl VirtualLine {
    pub(crate) fn new(webex: Webex, id: String) -> Self {
        Self {
            target: Target::new(webex, id, "virtual line id"),
        }
    }

    /// Acts in organization `org_id` (overrides the client's default org).
    ///
    /// ```
    /// # let webex = webex_calling::Webex::builder().token("t").build()?;
    /// let line = webex.virtual_line("VIRTUAL_LINE_ID").org_id("CUSTOMER_ORG_ID");
    /// # let _ = line;
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    #[must_use]
    pub fn org_id(mut self, org_id: impl Into<String>) -> Self {
        self.target.set_org_id(org_id.into());
        self
    }

    /// The virtual line's id.
    ///
    /// ```
    /// # let webex = webex_calling::Webex::builder().token("t").build()?;
    /// assert_eq!(webex.virtual_line("V").id(), "V");
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.target.id
    }

    /// The virtual line's push-to-talk settings.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let settings = webex.virtual_line("VIRTUAL_LINE_ID").push_to_talk().get().await?;
    /// # let _ = settings;
    /// # Ok(())
    /// # }
    /// ```
    pub fn push_to_talk(&self) -> PushToTalk {
        PushToTalk { line: self.clone() }
    }
}

/// A member entry holding only an id, for adding members in
/// [`PushToTalk::modify`] (the update body carries only ids).
///
/// ```
/// let member = webex_calling::member("PERSON_ID");
/// assert_eq!(member.id.as_deref(), Some("PERSON_ID"));
/// ```
pub fn member(id: impl Into<String>) -> PushToTalkMember {
    PushToTalkMember {
        display_name: None,
        email: None,
        first_name: None,
        id: Some(id.into()),
        last_name: None,
        numbers: Vec::new(),
        type_: None,
        extra: serde_json::Map::new(),
    }
}

/// A virtual line's push-to-talk settings: connection type, auto-answer, and
/// who may (or may not) start push-to-talk calls to it.
///
/// ```no_run
/// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
/// let ptt = webex.virtual_line("VIRTUAL_LINE_ID").push_to_talk();
/// let outcome = ptt.modify(|s| s.members.push(webex_calling::member("PERSON_ID"))).await?;
/// println!("sent: {:?}", outcome.update);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct PushToTalk {
    line: VirtualLine,
}

impl PushToTalk {
    /// Reads the settings
    /// (`GET /telephony/config/virtualLines/{id}/pushToTalk`).
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let settings = webex.virtual_line("VIRTUAL_LINE_ID").push_to_talk().get().await?;
    /// println!("{} members, {}", settings.members.len(), settings.connection_type);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get(&self) -> Result<PushToTalkSettings, Error> {
        self.line.target.check()?;
        let Target {
            webex, id, org_id, ..
        } = &self.line.target;
        webex
            .call(
                "get_virtual_line_push_to_talk",
                id,
                |client, tracking_id| {
                    let (id, org_id) = (Arc::clone(id), org_id.clone());
                    async move {
                        client
                            .get_virtual_line_push_to_talk(
                                &id,
                                org_id.as_deref(),
                                Some(&*tracking_id),
                            )
                            .await
                            .map(|response| response.into_inner())
                    }
                },
            )
            .await
    }

    /// Changes the fields set in `update`; `members`, when set, replaces the
    /// member list (`Some(vec![])` clears it)
    /// (`PUT /telephony/config/virtualLines/{id}/pushToTalk`).
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// use webex_calling::types::{PushToTalkConnectionType, PushToTalkSettingsUpdate};
    /// let update = PushToTalkSettingsUpdate {
    ///     connection_type: Some(PushToTalkConnectionType::TwoWay),
    ///     ..Default::default()
    /// };
    /// webex.virtual_line("VIRTUAL_LINE_ID").push_to_talk().update(&update).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn update(&self, update: &PushToTalkSettingsUpdate) -> Result<(), Error> {
        self.line.target.check()?;
        if let Some(members) = &update.members
            && members.iter().any(|id| id.trim().is_empty())
        {
            return Err(self
                .line
                .target
                .webex
                .reject(Error::invalid_input("a push-to-talk member id is empty")));
        }
        let Target {
            webex, id, org_id, ..
        } = &self.line.target;
        webex
            .call(
                "update_virtual_line_push_to_talk",
                id,
                |client, tracking_id| {
                    let (id, org_id, body) = (Arc::clone(id), org_id.clone(), update.clone());
                    async move {
                        no_content(
                            client
                                .update_virtual_line_push_to_talk(
                                    &id,
                                    org_id.as_deref(),
                                    Some(&*tracking_id),
                                    &body,
                                )
                                .await,
                        )
                    }
                },
            )
            .await
    }

    /// Reads the settings, applies `edit`, and sends only the fields it
    /// changed (members as the id list the API expects); sends nothing when
    /// it changed nothing. Unknown enum values and fields are kept as read.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let outcome = webex
    ///     .virtual_line("VIRTUAL_LINE_ID")
    ///     .push_to_talk()
    ///     .modify(|s| s.members.retain(|m| m.id.as_deref() != Some("PERSON_ID")))
    ///     .await?;
    /// # let _ = outcome;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn modify(
        &self,
        edit: impl FnOnce(&mut PushToTalkSettings),
    ) -> Result<Modified<PushToTalkSettings, PushToTalkSettingsUpdate>, Error> {
        let plan = self.preview(edit).await?;
        modify::send(plan, async |update| self.update(update).await).await
    }

    /// Like [`modify`](Self::modify) but never sends the update: for dry runs.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let plan = webex
    ///     .virtual_line("VIRTUAL_LINE_ID")
    ///     .push_to_talk()
    ///     .preview(|s| s.allow_auto_answer = true)
    ///     .await?;
    /// println!("would send: {:?}", plan.update);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn preview(
        &self,
        edit: impl FnOnce(&mut PushToTalkSettings),
    ) -> Result<Modified<PushToTalkSettings, PushToTalkSettingsUpdate>, Error> {
        modify::plan(self.get().await?, edit)
    }
}
