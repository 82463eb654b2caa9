//! What every operation addresses: one person, workspace or virtual line,
//! optionally in another organization, and its settings as [`Handle`]s.

use crate::client::validate_id;
use crate::journal::Journal;
use crate::members::MemberEdit;
use crate::modify::{self, Modified};
use crate::{Call, Error, Kind, Setting, Webex};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

/// One person, workspace or virtual line; from [`Webex::person`],
/// [`Webex::workspace`], [`Webex::virtual_line`], [`Webex::target`] (kind
/// decoded from the id) or [`Webex::target_of`] (kind given).
///
/// ```
/// use webex_calling::Kind;
/// let webex = webex_calling::Webex::builder().token("t").build()?;
/// let lobby = webex.workspace("WORKSPACE_ID").org_id("ORG_ID");
/// assert_eq!((lobby.id(), lobby.kind()), ("WORKSPACE_ID", Kind::Workspace));
/// # Ok::<(), webex_calling::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Target {
    webex: Webex,
    // Shared strings: every operation and retry clones them into its request.
    id: Arc<str>,
    org_id: Option<Arc<str>>,
    kind: Kind,
}

impl Target {
    /// The id is copied once, straight into its shared string (an owned
    /// `String` would be copied again into the `Arc`).
    pub(crate) fn new(webex: Webex, kind: Kind, id: &str) -> Self {
        let org_id = webex.default_org_id();
        Self {
            webex,
            id: id.into(),
            org_id,
            kind,
        }
    }

    /// Acts in organization `org_id` (overrides the client's default org).
    ///
    /// ```
    /// # let webex = webex_calling::Webex::builder().token("t").build()?;
    /// let person = webex.person("PERSON_ID").org_id("CUSTOMER_ORG_ID");
    /// assert_eq!(person.org(), Some("CUSTOMER_ORG_ID"));
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    #[must_use]
    pub fn org_id(mut self, org_id: impl AsRef<str>) -> Self {
        self.org_id = Some(Arc::from(org_id.as_ref()));
        self
    }

    /// The target's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the target is.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The organization the target is addressed in, if not the token's own.
    pub fn org(&self) -> Option<&str> {
        self.org_id.as_deref()
    }

    /// Setting `S` of this target, for code generic over settings.
    ///
    /// ```
    /// use webex_calling::{BargeIn, Setting};
    /// # let webex = webex_calling::Webex::builder().token("t").build()?;
    /// let handle = webex.person("P").setting::<BargeIn>();
    /// // The same as the accessor every setting has:
    /// let same = webex.person("P").barge_in();
    /// # let _ = same;
    /// assert_eq!(handle.target().id(), "P");
    /// assert_eq!(BargeIn::NAME, "barge-in");
    /// # Ok::<(), webex_calling::Error>(())
    /// ```
    pub fn setting<S: Setting>(&self) -> Handle<S> {
        Handle {
            target: self.clone(),
            setting: PhantomData,
        }
    }

    /// Checks the ids, and that setting `S` exists for this kind, before any
    /// request is made; a rejected call still counts in the client's stats,
    /// so progress counters add up.
    fn check<S: Setting>(&self) -> Result<(), Error> {
        self.check_ids()
            .and_then(|()| crate::setting::check_kind::<S>(self.kind))
            .map_err(|error| self.webex.reject(error))
    }

    fn check_ids(&self) -> Result<(), Error> {
        validate_id(IdOf(self.kind), &self.id)?;
        if let Some(org_id) = &self.org_id {
            validate_id("org id", org_id)?;
        }
        Ok(())
    }
}

/// The name of a target's id in messages: "person id", "virtual line id".
struct IdOf(Kind);

impl std::fmt::Display for IdOf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} id", self.0.as_str().replace('-', " "))
    }
}

/// A desired state of setting `S`: the values to hold (absent fields are left
/// as they are) and, for a setting with a member list, member additions and
/// removals.
///
/// ```
/// use webex_calling::{BargeIn, Desired};
/// use webex_calling::types::BargeInSettingsUpdate;
/// let mut values = BargeInSettingsUpdate::default();
/// values.enabled = Some(true);
/// let desired = Desired::<BargeIn>::values(values);
/// assert!(!desired.is_empty());
/// ```
pub struct Desired<S: Setting> {
    /// The values to hold; a `members` list is compared order-blind.
    pub values: S::Update,
    /// Member additions and removals (for a setting with a member list,
    /// a field of kind [`FieldKind::Ids`](crate::FieldKind::Ids)).
    pub members: MemberEdit,
}

impl<S: Setting> Desired<S> {
    /// A desired state made of values only.
    pub fn values(values: S::Update) -> Self {
        Self {
            values,
            members: MemberEdit::default(),
        }
    }

    /// Whether nothing is asked for.
    pub fn is_empty(&self) -> bool {
        self.values == S::Update::default() && self.members.is_empty()
    }

    /// Everything about this state that can be checked before anything is
    /// read or sent for a `kind` target: the setting exists for the kind,
    /// the member edit is sound ([`MemberEdit::check`]), and no member it
    /// names is one Webex refuses there (a workspace as a workspace's
    /// push-to-talk member, a location anywhere).
    ///
    /// ```
    /// use webex_calling::{Desired, Kind, MemberEdit, settings::PushToTalk};
    /// let workspace = "Y2lzY29zcGFyazovL3VzL1BMQUNFLzEyMzQ";
    /// let mut desired = Desired::<PushToTalk>::values(Default::default());
    /// desired.members = MemberEdit { add: vec![workspace.into()], ..Default::default() };
    /// assert!(desired.check(Kind::Person).is_ok());
    /// assert!(desired.check(Kind::Workspace).is_err());
    /// ```
    pub fn check(&self, kind: Kind) -> Result<(), Error> {
        crate::setting::check_desired::<S>(kind, &self.values, &self.members)
    }

    /// Edits settings as read so they hold this state. An error when the
    /// state cannot be held: member edits on a setting without a member list.
    pub fn apply_to(&self, settings: &mut S::Settings) -> Result<(), Error> {
        crate::setting::merge::<S>(settings, &self.values, &self.members)
    }
}

// Derived impls would require `S: Clone` etc. of the marker type.
impl<S: Setting> Clone for Desired<S> {
    fn clone(&self) -> Self {
        Self {
            values: self.values.clone(),
            members: self.members.clone(),
        }
    }
}

impl<S: Setting> fmt::Debug for Desired<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Desired")
            .field("values", &self.values)
            .field("members", &self.members)
            .finish()
    }
}

impl<S: Setting> PartialEq for Desired<S> {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values && self.members == other.members
    }
}

/// Generates one accessor per setting the spec defines (`barge_in()`,
/// `push_to_talk()`, ...), so a setting added to the spec has one.
macro_rules! setting_accessors {
    ($(($setting:ident, $accessor:ident, $name:literal, $doc:literal)),* $(,)?) => {
        impl Target {
            $(
                #[doc = concat!("The target's `", $name, "` settings. ", $doc)]
                ///
                /// The same as [`setting`](Self::setting) with the marker type.
                pub fn $accessor(&self) -> Handle<crate::settings::$setting> {
                    self.setting()
                }
            )*
        }
    };
}

webex_calling_client::for_each_setting!(setting_accessors);

/// Setting `S` of one target: read, change, read-modify-write, preview.
///
/// ```no_run
/// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
/// let barge_in = webex.workspace("WORKSPACE_ID").barge_in();
/// let outcome = barge_in.modify(|s| s.tone_enabled = true).await?;
/// println!("{}", outcome.outcome());
/// # Ok(())
/// # }
/// ```
pub struct Handle<S> {
    target: Target,
    setting: PhantomData<fn() -> S>,
}

impl<S> Clone for Handle<S> {
    fn clone(&self) -> Self {
        Self {
            target: self.target.clone(),
            setting: PhantomData,
        }
    }
}

impl<S: Setting> fmt::Debug for Handle<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("setting", &S::NAME)
            .field("target", &self.target)
            .finish()
    }
}

impl<S: Setting> Handle<S> {
    /// The target whose setting this is.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Reads the settings.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let settings = webex.person("PERSON_ID").barge_in().get().await?;
    /// println!("enabled={}", settings.enabled);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get(&self) -> Result<S::Settings, Error> {
        self.target.check::<S>()?;
        let Target {
            webex,
            id,
            org_id,
            kind,
        } = &self.target;
        let (kind, op) = (*kind, crate::client::Op::new("get", S::NAME, *kind));
        // Each attempt owns its strings: a request future that borrowed from
        // here would not be `Send` for every lifetime, and callers spawn it.
        webex
            .call(op, id, |client, tracking_id| {
                let (id, org_id) = (Arc::clone(id), org_id.clone());
                async move {
                    S::read(&client, kind, &id, org_id.as_deref(), Some(&tracking_id)).await
                }
            })
            .await
            .map_err(|error| error.in_call(Call::new("get", S::NAME, kind, &**id)))
    }

    /// Changes the fields set in `update`; the others keep their values. A
    /// push-to-talk `members` list replaces the whole list (`Some(vec![])`
    /// clears it). A workspace barge-in update must carry `enabled`.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// use webex_calling::types::BargeInSettingsUpdate;
    /// let update = BargeInSettingsUpdate::default().with_enabled(true);
    /// webex.person("PERSON_ID").barge_in().update(&update).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn update(&self, update: &S::Update) -> Result<(), Error> {
        self.target.check::<S>()?;
        let Target {
            webex,
            id,
            org_id,
            kind,
        } = &self.target;
        crate::setting::check_update::<S>(*kind, update).map_err(|error| webex.reject(error))?;
        let (kind, op) = (*kind, crate::client::Op::new("update", S::NAME, *kind));
        webex
            .call(op, id, |client, tracking_id| {
                let (id, org_id, body) = (Arc::clone(id), org_id.clone(), update.clone());
                async move {
                    S::write(
                        &client,
                        kind,
                        &id,
                        org_id.as_deref(),
                        Some(&tracking_id),
                        &body,
                    )
                    .await
                }
            })
            .await
            .map_err(|error| error.in_call(Call::new("update", S::NAME, kind, &**id)))
    }

    /// Reads the settings, applies `edit`, and sends only the fields it
    /// changed; sends nothing when it changed nothing. Member lists are
    /// compared order-blind; unknown enum values and fields are kept as read.
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
        edit: impl FnOnce(&mut S::Settings),
    ) -> Result<Modified<S::Settings, S::Update>, Error> {
        let plan = self.preview(edit).await?;
        modify::send(plan, async |update| self.update(update).await).await
    }

    /// Like [`modify`](Self::modify) but never sends the update: for dry runs.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// let plan = webex.virtual_line("LINE_ID").push_to_talk().preview(|s| s.allow_auto_answer = true).await?;
    /// println!("would send: {:?}", plan.update);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn preview(
        &self,
        edit: impl FnOnce(&mut S::Settings),
    ) -> Result<Modified<S::Settings, S::Update>, Error> {
        let before = self.get().await?;
        let mut after = before.clone();
        edit(&mut after);
        modify::plan::<S>(self.target.kind, before, after)
    }

    /// Brings the settings to a desired state: reads them, works out the
    /// minimal update and sends it (nothing when they already match). With
    /// `dry_run` the update is worked out but not sent.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// use webex_calling::{Desired, PushToTalk, MemberEdit};
    /// let desired = Desired::<PushToTalk> {
    ///     values: Default::default(),
    ///     members: MemberEdit { add: vec!["PERSON_ID".into()], ..Default::default() },
    /// };
    /// let outcome = webex.person("P").push_to_talk().apply(&desired, false).await?;
    /// println!("{}", outcome.outcome());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn apply(
        &self,
        desired: &Desired<S>,
        dry_run: bool,
    ) -> Result<Modified<S::Settings, S::Update>, Error> {
        let plan = self.plan(desired).await?;
        if dry_run {
            return Ok(plan);
        }
        self.send(plan, None).await
    }

    /// Like [`apply`](Self::apply), recording the target's state before
    /// the change in `journal` first: the update is sent only once the
    /// record is durable, so the journal holds every change that may have
    /// reached Webex, even if the process is killed. Nothing is recorded when
    /// nothing changes.
    ///
    /// ```no_run
    /// # async fn run(webex: webex_calling::Webex) -> Result<(), webex_calling::Error> {
    /// use webex_calling::{BargeIn, Desired, JournalFile, NdjsonJournal};
    /// let journal = NdjsonJournal::new(JournalFile::create("undo.ndjson", None)?);
    /// let mut values = webex_calling::types::BargeInSettingsUpdate::default();
    /// values.enabled = Some(false);
    /// let desired = Desired::<BargeIn>::values(values);
    /// webex.person("PERSON_ID").barge_in().apply_journaled(&desired, &journal).await?;
    /// // Undo: `wxc barge-in apply undo.ndjson`, or read it back yourself.
    /// # Ok(())
    /// # }
    /// ```
    pub async fn apply_journaled(
        &self,
        desired: &Desired<S>,
        journal: &dyn Journal<S>,
    ) -> Result<Modified<S::Settings, S::Update>, Error> {
        let plan = self.plan(desired).await?;
        self.send(plan, Some(journal)).await
    }

    /// Reads the settings and works out what bringing them to `desired`
    /// would send.
    async fn plan(&self, desired: &Desired<S>) -> Result<Modified<S::Settings, S::Update>, Error> {
        // Checked before the read, so a dry run refuses what sending would.
        desired
            .check(self.target.kind)
            .map_err(|error| self.target.webex.reject(error))?;
        let before = self.get().await?;
        let mut after = before.clone();
        desired.apply_to(&mut after)?;
        modify::plan::<S>(self.target.kind, before, after)
    }

    /// Sends a planned update, if there is one, after recording the
    /// before-state in `journal`.
    async fn send(
        &self,
        plan: Modified<S::Settings, S::Update>,
        journal: Option<&dyn Journal<S>>,
    ) -> Result<Modified<S::Settings, S::Update>, Error> {
        if let (Some(journal), Some(update)) = (journal, &plan.update) {
            journal
                .record(&self.target, &plan.before, update)
                .await
                .map_err(|error| self.target.webex.reject(error))?;
        }
        modify::send(plan, async |update| self.update(update).await).await
    }
}
