//! The settings registry: which settings the spec defines, for which kinds of
//! target, with which body types and fields, all read off the operationId
//! convention `get<Kind><Setting>` / `update<Kind><Setting>`.
//!
//! From it the generator emits, into the client crate, one marker type per
//! setting implementing `webex_calling_client::Setting` (the per-kind
//! dispatch to the generated operations, the field table the ergonomic crate
//! and `wxc` diff, merge and parse with) and the `for_each_setting!` macro the
//! other crates expand into their per-setting items. A new setting in the spec
//! is then a new marker with nothing written by hand in the library, and a new
//! kind of an existing setting is one more match arm, generated.

use crate::spec::pascal_case;
use anyhow::{Context, Result, bail};
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// The kinds of target, as operationIds spell them, in the order of
/// `webex_calling_client::Kind`. A kind added there is added here.
pub const KINDS: [&str; 3] = ["Person", "Workspace", "VirtualLine"];

/// One setting of the spec.
#[derive(Debug)]
pub struct SettingSpec {
    /// PascalCase, as in the operationIds: `PushToTalk`.
    pub name: String,
    /// The schema of the read (200) body, shared by every kind.
    read_schema: String,
    /// The update body every kind can be sent (converted where a kind has its own).
    update_schema: String,
    /// Per kind, in [`KINDS`] order: the operations and the update body.
    kinds: Vec<KindOps>,
    fields: Vec<FieldSpec>,
}

#[derive(Debug)]
struct KindOps {
    kind: &'static str,
    get: String,
    update: String,
    body_schema: String,
    /// The kinds of members the update takes (`x-member-kinds`); empty: any.
    member_kinds: Vec<&'static str>,
}

#[derive(Debug)]
struct FieldSpec {
    name: String,
    kind: FieldKind,
    required_for: Vec<&'static str>,
    /// For a member list: per kind whose update limits them, the kinds of
    /// members it takes.
    member_kinds: Vec<(&'static str, Vec<&'static str>)>,
    description: String,
}

#[derive(Debug)]
enum FieldKind {
    Bool,
    Text,
    Integer,
    Number,
    Enum(Vec<String>),
    Ids,
    Json,
}

/// What one operationId says, if it follows the settings convention.
struct Parsed {
    write: bool,
    kind: &'static str,
    setting: String,
}

fn parse_operation_id(operation_id: &str) -> Option<Parsed> {
    let (write, rest) = match operation_id.strip_prefix("get") {
        Some(rest) => (false, rest),
        None => (true, operation_id.strip_prefix("update")?),
    };
    KINDS.iter().find_map(|kind| {
        let setting = rest.strip_prefix(kind)?;
        let starts_word = setting.starts_with(|c: char| c.is_ascii_uppercase());
        starts_word.then(|| Parsed {
            write,
            kind,
            setting: setting.to_owned(),
        })
    })
}

/// Every setting of the spec, in the order their first operation appears.
pub fn collect(spec: &OpenAPI) -> Result<Vec<SettingSpec>> {
    let mut names: Vec<String> = Vec::new();
    let mut reads: Vec<(Parsed, String, String)> = Vec::new();
    let mut writes: Vec<(Parsed, String, String)> = Vec::new();
    let mut member_kinds: Vec<(String, Vec<&'static str>)> = Vec::new();
    for (path, method, operation) in spec.operations() {
        let Some(operation_id) = operation.operation_id.as_deref() else {
            continue;
        };
        let Some(parsed) = parse_operation_id(operation_id) else {
            continue;
        };
        let where_ = format!("{} {path} ({operation_id})", method.to_uppercase());
        let schema = if parsed.write {
            request_schema(operation).with_context(|| where_.clone())?
        } else {
            success_schema(operation).with_context(|| where_.clone())?
        };
        if !names.contains(&parsed.setting) {
            names.push(parsed.setting.clone());
        }
        let method = snake_case(operation_id);
        if parsed.write {
            member_kinds.push((
                method.clone(),
                x_member_kinds(operation).with_context(|| where_.clone())?,
            ));
            writes.push((parsed, method, schema));
        } else {
            reads.push((parsed, method, schema));
        }
    }
    names
        .into_iter()
        .map(|name| setting(spec, &name, &reads, &writes, &member_kinds))
        .collect()
}

/// An update's `x-member-kinds`: the kinds of targets its member list
/// takes (operationId spelling: `Person`, `Workspace`, `VirtualLine`).
fn x_member_kinds(operation: &openapiv3::Operation) -> Result<Vec<&'static str>> {
    let Some(value) = operation.extensions.get("x-member-kinds") else {
        return Ok(Vec::new());
    };
    let names = value
        .as_array()
        .context("x-member-kinds must be a list of kinds")?;
    names
        .iter()
        .map(|name| {
            let name = name.as_str().unwrap_or_default();
            KINDS.iter().copied().find(|k| *k == name).with_context(|| {
                format!(
                    "x-member-kinds: {name:?} is not one of {}",
                    KINDS.join(", ")
                )
            })
        })
        .collect()
}

fn setting(
    spec: &OpenAPI,
    name: &str,
    reads: &[(Parsed, String, String)],
    writes: &[(Parsed, String, String)],
    member_kinds: &[(String, Vec<&'static str>)],
) -> Result<SettingSpec> {
    let mut kinds = Vec::new();
    let mut read_schema: Option<&str> = None;
    for kind in KINDS {
        let read = reads
            .iter()
            .find(|(p, _, _)| p.setting == name && p.kind == kind);
        let write = writes
            .iter()
            .find(|(p, _, _)| p.setting == name && p.kind == kind);
        let ((_, get, schema), (_, update, body_schema)) = match (read, write) {
            (Some(read), Some(write)) => (read, write),
            (None, None) => continue,
            (Some(_), None) => bail!(
                "the spec reads {name} for {kind} (get{kind}{name}) but has no update{kind}{name}; \
                 the settings convention needs both"
            ),
            (None, Some(_)) => bail!(
                "the spec changes {name} for {kind} (update{kind}{name}) but has no get{kind}{name}; \
                 the settings convention needs both"
            ),
        };
        match read_schema {
            None => read_schema = Some(schema),
            Some(first) if first != schema => bail!(
                "get{kind}{name} answers with {schema} but another kind's read answers with {first}; \
                 one setting reads the same schema for every kind"
            ),
            Some(_) => {}
        }
        kinds.push(KindOps {
            kind,
            get: get.clone(),
            update: update.clone(),
            body_schema: body_schema.clone(),
            member_kinds: member_kinds
                .iter()
                .find(|(method, _)| method == update)
                .map(|(_, kinds)| kinds.clone())
                .unwrap_or_default(),
        });
    }
    let read_schema = read_schema
        .context("a setting without operations")?
        .to_owned();
    let update_schema = common_update(spec, name, &kinds)?;
    let fields = fields(spec, &read_schema, &update_schema, &kinds)?;
    Ok(SettingSpec {
        name: name.to_owned(),
        read_schema,
        update_schema,
        kinds,
        fields,
    })
}

/// The update body every kind can take: one with no required field (so it
/// has `Default` and every field can be left out), the one most kinds use.
fn common_update(spec: &OpenAPI, name: &str, kinds: &[KindOps]) -> Result<String> {
    let mut candidates: Vec<(&str, usize)> = Vec::new();
    for ops in kinds {
        let schema = component(spec, &ops.body_schema)?;
        if object_required(schema).is_empty() {
            match candidates.iter_mut().find(|(n, _)| *n == ops.body_schema) {
                Some((_, count)) => *count += 1,
                None => candidates.push((&ops.body_schema, 1)),
            }
        }
    }
    // Stable: among equally used bodies, the first kind's wins.
    let best = candidates.iter().max_by_key(|(_, count)| *count).copied();
    let first_best = best.and_then(|(_, most)| {
        candidates
            .iter()
            .find(|(_, count)| *count == most)
            .map(|(n, _)| (*n).to_owned())
    });
    first_best.with_context(|| {
        format!(
            "no update body of {name} leaves every field optional; the ergonomic crate sends \
             only changed fields, so give the setting an update schema without `required` \
             (a kind whose body requires a field may keep its own schema)"
        )
    })
}

fn fields(
    spec: &OpenAPI,
    read_schema: &str,
    update_schema: &str,
    kinds: &[KindOps],
) -> Result<Vec<FieldSpec>> {
    let read = object_properties(component(spec, read_schema)?);
    let update = component(spec, update_schema)?;
    let mut fields = Vec::new();
    for (name, property) in object_properties(update) {
        let resolved = resolve_boxed(spec, property)?;
        let read_property = read.iter().find(|(n, _)| *n == name).map(|(_, p)| *p);
        let kind = field_kind(spec, resolved, read_property)?;
        let mut required_for = Vec::new();
        for ops in kinds {
            if object_required(component(spec, &ops.body_schema)?).contains(name) {
                required_for.push(ops.kind);
            }
        }
        let description = match property {
            ReferenceOr::Item(schema) => schema.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => resolved.schema_data.description.clone(),
        };
        let member_kinds = match kind {
            FieldKind::Ids => kinds
                .iter()
                .filter(|ops| !ops.member_kinds.is_empty())
                .map(|ops| (ops.kind, ops.member_kinds.clone()))
                .collect(),
            _ => Vec::new(),
        };
        fields.push(FieldSpec {
            name: name.clone(),
            kind,
            required_for,
            member_kinds,
            description: description.unwrap_or_default().trim().to_owned(),
        });
    }
    Ok(fields)
}

fn field_kind(
    spec: &OpenAPI,
    schema: &Schema,
    read_property: Option<&ReferenceOr<Box<Schema>>>,
) -> Result<FieldKind> {
    Ok(match &schema.schema_kind {
        SchemaKind::Type(Type::Boolean(_)) => FieldKind::Bool,
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            FieldKind::Enum(string.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Type(Type::String(_)) => FieldKind::Text,
        SchemaKind::Type(Type::Integer(_)) => FieldKind::Integer,
        SchemaKind::Type(Type::Number(_)) => FieldKind::Number,
        SchemaKind::Type(Type::Array(array)) => {
            let strings = match &array.items {
                Some(items) => matches!(
                    resolve_boxed(spec, items)?.schema_kind,
                    SchemaKind::Type(Type::String(_))
                ),
                None => false,
            };
            if strings && read_property.is_some_and(|p| reads_objects_with_ids(spec, p)) {
                FieldKind::Ids
            } else {
                FieldKind::Json
            }
        }
        _ => FieldKind::Json,
    })
}

/// Whether a read property is a list of objects with an `id` (a member list
/// that the update carries as ids).
fn reads_objects_with_ids(spec: &OpenAPI, property: &ReferenceOr<Box<Schema>>) -> bool {
    let Ok(schema) = resolve_boxed(spec, property) else {
        return false;
    };
    let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind else {
        return false;
    };
    array
        .items
        .as_ref()
        .and_then(|items| resolve_boxed(spec, items).ok())
        .is_some_and(|item| object_properties(item).iter().any(|(n, _)| *n == "id"))
}

fn component<'a>(spec: &'a OpenAPI, name: &str) -> Result<&'a Schema> {
    let schema = spec
        .components
        .as_ref()
        .and_then(|c| c.schemas.get(name))
        .with_context(|| format!("schema {name} is not in components.schemas"))?;
    match schema {
        ReferenceOr::Item(schema) => Ok(schema),
        ReferenceOr::Reference { reference } => component(spec, reference_name(reference)?),
    }
}

fn resolve_boxed<'a>(
    spec: &'a OpenAPI,
    schema: &'a ReferenceOr<Box<Schema>>,
) -> Result<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Ok(schema),
        ReferenceOr::Reference { reference } => component(spec, reference_name(reference)?),
    }
}

fn reference_name(reference: &str) -> Result<&str> {
    reference
        .strip_prefix("#/components/schemas/")
        .with_context(|| format!("{reference} is not a reference to components.schemas"))
}

fn object_properties(schema: &Schema) -> Vec<(&String, &ReferenceOr<Box<Schema>>)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.properties.iter().collect(),
        _ => Vec::new(),
    }
}

fn object_required(schema: &Schema) -> &[String] {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => &object.required,
        _ => &[],
    }
}

/// The named schema of an operation's JSON request body.
fn request_schema(operation: &openapiv3::Operation) -> Result<String> {
    let Some(ReferenceOr::Item(body)) = &operation.request_body else {
        bail!("an update operation needs an inline request body with a named JSON schema");
    };
    named(
        body.content
            .get("application/json")
            .and_then(|m| m.schema.as_ref()),
    )
}

/// The named schema of an operation's 200 JSON body.
fn success_schema(operation: &openapiv3::Operation) -> Result<String> {
    let response = operation
        .responses
        .responses
        .get(&openapiv3::StatusCode::Code(200))
        .context("a read operation needs a 200 response")?;
    let ReferenceOr::Item(response) = response else {
        bail!("a read operation's 200 response must be written inline");
    };
    named(
        response
            .content
            .get("application/json")
            .and_then(|m| m.schema.as_ref()),
    )
}

fn named(schema: Option<&ReferenceOr<Schema>>) -> Result<String> {
    match schema {
        Some(ReferenceOr::Reference { reference }) => Ok(reference_name(reference)?.to_owned()),
        _ => bail!("the body must be `$ref: '#/components/schemas/<Name>'`"),
    }
}

/// progenitor's method name for an operationId: `getVirtualLineBargeIn` ->
/// `get_virtual_line_barge_in`. Checked against the generated client.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (index, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `PushToTalk` -> `push-to-talk`.
fn kebab_case(name: &str) -> String {
    snake_case(name).replace('_', "-")
}

impl SettingSpec {
    /// The Rust methods of the generated client this setting calls.
    pub fn methods(&self) -> impl Iterator<Item = &str> {
        self.kinds
            .iter()
            .flat_map(|ops| [ops.get.as_str(), ops.update.as_str()])
    }

    fn tokens(&self) -> TokenStream {
        let ident = format_ident!("{}", self.name);
        let name = kebab_case(&self.name);
        let read = format_ident!("{}", self.read_schema);
        let update = format_ident!("{}", self.update_schema);
        let kinds: Vec<_> = self
            .kinds
            .iter()
            .map(|ops| format_ident!("{}", ops.kind))
            .collect();
        let fields: Vec<_> = self.fields.iter().map(FieldSpec::tokens).collect();
        let reads = self.kinds.iter().map(|ops| {
            let kind = format_ident!("{}", ops.kind);
            let get = format_ident!("{}", ops.get);
            quote! {
                crate::Kind::#kind => match client.#get(id, org_id, tracking_id).await {
                    Ok(value) => Ok(value.into_inner()),
                    Err(error) => Err(::std::boxed::Box::new(error)),
                },
            }
        });
        let writes = self.kinds.iter().map(|ops| {
            let kind = format_ident!("{}", ops.kind);
            let method = format_ident!("{}", ops.update);
            if ops.body_schema == self.update_schema {
                quote! {
                    crate::Kind::#kind => crate::setting::no_content(
                        client.#method(id, org_id, tracking_id, update).await,
                    ),
                }
            } else {
                let body = format_ident!("{}", ops.body_schema);
                quote! {
                    crate::Kind::#kind => {
                        let body: crate::types::#body =
                            crate::setting::convert(Self::NAME, kind, update)?;
                        crate::setting::no_content(
                            client.#method(id, org_id, tracking_id, &body).await,
                        )
                    }
                }
            }
        });
        let absent = (self.kinds.len() < KINDS.len()).then(|| {
            quote! { other => Err(crate::setting::absent(Self::NAME, other)), }
        });
        let absent_write = absent.clone();
        let doc = format!(
            "{}: read as [`{}`](crate::types::{}), changed with \
             [`{}`](crate::types::{}); for {}.",
            sentence_name(&name),
            self.read_schema,
            self.read_schema,
            self.update_schema,
            self.update_schema,
            self.kind_list(),
        );
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct #ident;

            impl crate::setting::sealed::Sealed for #ident {}

            impl crate::setting::Setting for #ident {
                type Settings = crate::types::#read;
                type Update = crate::types::#update;
                const NAME: &'static str = #name;
                const KINDS: &'static [crate::Kind] = &[#(crate::Kind::#kinds),*];
                const FIELDS: &'static [crate::setting::Field] = &[#(#fields),*];

                // Not `async fn`s, which keep each argument twice in the
                // future (see xtask/src/small_futures.rs for why size counts).
                #[allow(clippy::manual_async_fn)]
                fn read<'a>(
                    client: &'a crate::Client,
                    kind: crate::Kind,
                    id: &'a str,
                    org_id: ::std::option::Option<&'a str>,
                    tracking_id: ::std::option::Option<&'a str>,
                ) -> impl ::std::future::Future<
                    Output = ::std::result::Result<Self::Settings, crate::setting::BoxedError>,
                > + Send + 'a {
                    async move {
                        match kind {
                            #(#reads)*
                            #absent
                        }
                    }
                }

                #[allow(clippy::manual_async_fn)]
                fn write<'a>(
                    client: &'a crate::Client,
                    kind: crate::Kind,
                    id: &'a str,
                    org_id: ::std::option::Option<&'a str>,
                    tracking_id: ::std::option::Option<&'a str>,
                    update: &'a Self::Update,
                ) -> impl ::std::future::Future<
                    Output = ::std::result::Result<(), crate::setting::BoxedError>,
                > + Send + 'a {
                    async move {
                        match kind {
                            #(#writes)*
                            #absent_write
                        }
                    }
                }
            }
        }
    }

    /// `people, workspaces and virtual lines`.
    fn kind_list(&self) -> String {
        let plural: Vec<&str> = self
            .kinds
            .iter()
            .map(|ops| match ops.kind {
                "Person" => "people",
                "Workspace" => "workspaces",
                _ => "virtual lines",
            })
            .collect();
        match plural.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// `barge-in` -> `Barge-in`.
fn sentence_name(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

impl FieldSpec {
    fn tokens(&self) -> TokenStream {
        let name = &self.name;
        let column = snake_case(&pascal_case(name))
            .trim_start_matches('_')
            .to_owned();
        let flag = column.replace('_', "-");
        let description = &self.description;
        let kind = match &self.kind {
            FieldKind::Bool => quote!(crate::setting::FieldKind::Bool),
            FieldKind::Text => quote!(crate::setting::FieldKind::Text),
            FieldKind::Integer => quote!(crate::setting::FieldKind::Integer),
            FieldKind::Number => quote!(crate::setting::FieldKind::Number),
            FieldKind::Enum(values) => quote!(crate::setting::FieldKind::Enum(&[#(#values),*])),
            FieldKind::Ids => quote!(crate::setting::FieldKind::Ids),
            FieldKind::Json => quote!(crate::setting::FieldKind::Json),
        };
        let required: Vec<_> = self
            .required_for
            .iter()
            .map(|kind| format_ident!("{kind}"))
            .collect();
        let member_kinds = self.member_kinds.iter().map(|(kind, members)| {
            let kind = format_ident!("{kind}");
            let members = members.iter().map(|member| format_ident!("{member}"));
            quote!((crate::Kind::#kind, &[#(crate::Kind::#members),*]))
        });
        quote! {
            crate::setting::Field {
                name: #name,
                column: #column,
                flag: #flag,
                kind: #kind,
                required_for: &[#(crate::Kind::#required),*],
                member_kinds: &[#(#member_kinds),*],
                description: #description,
            }
        }
    }
}

/// The `settings` module and the `for_each_setting!` macro.
pub fn tokens(settings: &[SettingSpec]) -> TokenStream {
    let markers = settings.iter().map(SettingSpec::tokens);
    let entries = settings.iter().map(|setting| {
        let ident = format_ident!("{}", setting.name);
        let accessor = format_ident!("{}", snake_case(&setting.name));
        let name = kebab_case(&setting.name);
        let doc = format!(
            "{} settings of {}.",
            sentence_name(&name),
            setting.kind_list()
        );
        quote! { (#ident, #accessor, #name, #doc) }
    });
    let names: BTreeSet<String> = settings.iter().map(|s| kebab_case(&s.name)).collect();
    let count = names.len();
    quote! {
        /// One marker type per setting the spec defines, each implementing
        /// [`Setting`](crate::Setting): its body types, the kinds of target it
        /// exists for, its fields, and the generated operations behind it.
        pub mod settings {
            #(#markers)*
        }

        /// How many settings the spec defines.
        pub const SETTING_COUNT: usize = #count;

        /// Calls `$callback! { (Marker, accessor, "name", "doc"), ... }` with every
        /// setting the spec defines, for crates that write one item per setting
        /// (accessors, subcommands). The markers are in
        /// `webex_calling_client::settings`; bring them into scope first.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! for_each_setting {
            ($callback:ident) => {
                $callback! { #(#entries),* }
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{kebab_case, parse_operation_id, snake_case};

    #[test]
    fn operation_ids_name_kind_and_setting() {
        let parsed = parse_operation_id("updateVirtualLinePushToTalk").expect("a setting op");
        assert!(parsed.write);
        assert_eq!(
            (parsed.kind, parsed.setting.as_str()),
            ("VirtualLine", "PushToTalk")
        );
        let parsed = parse_operation_id("getPersonDoNotDisturb").expect("a setting op");
        assert!(!parsed.write);
        assert_eq!(
            (parsed.kind, parsed.setting.as_str()),
            ("Person", "DoNotDisturb")
        );
        assert!(parse_operation_id("listPeople").is_none());
        assert!(parse_operation_id("getPersonal").is_none());
        assert!(parse_operation_id("getPerson").is_none());
    }

    #[test]
    fn names() {
        assert_eq!(
            snake_case("getVirtualLineBargeIn"),
            "get_virtual_line_barge_in"
        );
        assert_eq!(kebab_case("PushToTalk"), "push-to-talk");
    }
}
