//! Forward-compatible ("open") enums for the spec's string enums.
//!
//! Webex adds enum values without notice. typify turns a string enum into a
//! closed Rust enum whose `Deserialize` rejects any value it does not list, so a
//! read of a setting would fail the day Webex ships a new value. The choice made
//! here: keep the spec truthful (it lists the values Webex documents) and have the
//! generator replace each named string enum with a type emitted by this module,
//! which has one variant per documented value plus `Unknown(String)` holding any
//! other value verbatim, so it can be displayed and sent back unchanged.
//!
//! Doing it at generation time (rather than hand-writing wrappers in the client
//! crate) means a maintainer who adds a value or a new enum to the spec gets the
//! matching open enum from `cargo xtask codegen` with nothing else to edit.

use anyhow::{Result, bail};
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, StringType, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Name of the catch-all variant; a documented value mapping to it is refused.
const CATCH_ALL: &str = "Unknown";

/// A named string enum found in `components.schemas`.
pub struct OpenEnum {
    /// Schema name, which is also the Rust type name.
    pub name: String,
    description: Option<String>,
    values: Vec<String>,
}

/// Every top-level string enum schema of the spec, in the spec's order.
pub fn collect(spec: &OpenAPI) -> Result<Vec<OpenEnum>> {
    let Some(components) = &spec.components else {
        return Ok(Vec::new());
    };
    let mut enums = Vec::new();
    for (name, schema) in &components.schemas {
        let ReferenceOr::Item(Schema {
            schema_data,
            schema_kind: SchemaKind::Type(Type::String(StringType { enumeration, .. })),
        }) = schema
        else {
            continue;
        };
        if enumeration.is_empty() {
            continue;
        }
        let mut values = Vec::with_capacity(enumeration.len());
        for value in enumeration {
            match value {
                Some(value) => values.push(value.clone()),
                None => bail!(
                    "schema {name} lists null as an enum value; mark the schema nullable instead"
                ),
            }
        }
        enums.push(OpenEnum {
            name: name.clone(),
            description: schema_data.description.clone(),
            values,
        });
    }
    Ok(enums)
}

impl OpenEnum {
    /// The Rust source of the type.
    pub fn tokens(&self) -> Result<TokenStream> {
        let ident = format_ident!("{}", self.name);
        let mut variants = Vec::with_capacity(self.values.len());
        for value in &self.values {
            let variant = variant_name(value);
            if variant.is_empty() || variant == CATCH_ALL {
                bail!(
                    "enum {} value {value:?} maps to the Rust variant {variant:?}, which is reserved or empty; rename the catch-all in xtask/src/open_enums.rs",
                    self.name
                );
            }
            if variants.iter().any(|(existing, _)| existing == &variant) {
                bail!(
                    "enum {} has two values that both map to the Rust variant {variant}",
                    self.name
                );
            }
            variants.push((variant, value.clone()));
        }

        let doc = format!(
            "{}\n\nThis enum is open: a value that the spec does not list decodes to \
             [`{}::Unknown`] and is serialised back exactly as received. It is \
             `#[non_exhaustive]`: a `match` needs a wildcard arm, so a value the spec \
             adds later is not a breaking change.",
            self.description.as_deref().unwrap_or("").trim_end(),
            self.name,
        );
        let variant_idents: Vec<_> = variants
            .iter()
            .map(|(variant, _)| format_ident!("{variant}"))
            .collect();
        let variant_docs: Vec<_> = variants
            .iter()
            .map(|(_, value)| format!("`{value}`"))
            .collect();
        let wire_values: Vec<_> = variants.iter().map(|(_, value)| value.as_str()).collect();
        let unknown_doc = "A value this version of the spec does not list, kept verbatim.";
        Ok(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #ident {
                #(
                    #[doc = #variant_docs]
                    #variant_idents,
                )*
                #[doc = #unknown_doc]
                Unknown(::std::string::String),
            }

            impl #ident {
                /// The values the spec lists, as sent on the wire.
                pub const KNOWN_VALUES: &'static [&'static str] = &[#(#wire_values),*];

                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variant_idents => #wire_values,)*
                        Self::Unknown(value) => value.as_str(),
                    }
                }

                /// Whether the value is one the spec lists.
                pub fn is_known(&self) -> bool {
                    !matches!(self, Self::Unknown(_))
                }
            }

            impl ::std::convert::From<&str> for #ident {
                fn from(value: &str) -> Self {
                    match value {
                        #(#wire_values => Self::#variant_idents,)*
                        other => Self::Unknown(other.to_owned()),
                    }
                }
            }

            impl ::std::convert::From<::std::string::String> for #ident {
                fn from(value: ::std::string::String) -> Self {
                    match value.as_str() {
                        #(#wire_values => Self::#variant_idents,)*
                        _ => Self::Unknown(value),
                    }
                }
            }

            impl ::std::str::FromStr for #ident {
                type Err = ::std::convert::Infallible;

                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    Ok(Self::from(value))
                }
            }

            impl ::std::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::serde::Serialize for #ident {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    Ok(Self::from(value))
                }
            }
        })
    }
}

/// `VIRTUAL_LINE` -> `VirtualLine`, `two-way` -> `TwoWay`,
/// `webexCalling` -> `WebexCalling`.
fn variant_name(value: &str) -> String {
    let mut name = String::with_capacity(value.len());
    for word in value.split(|c: char| !c.is_ascii_alphanumeric()) {
        // A camelCase word keeps its inner capitals as word boundaries; an
        // all-capitals (or all-lowercase) word is one word.
        let camel = word.chars().any(|c| c.is_ascii_lowercase())
            && word.chars().any(|c| c.is_ascii_uppercase());
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            if camel {
                name.extend(chars);
            } else {
                name.extend(chars.map(|c| c.to_ascii_lowercase()));
            }
        }
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::variant_name;

    #[test]
    fn variant_names_are_pascal_case() {
        assert_eq!(variant_name("VIRTUAL_LINE"), "VirtualLine");
        assert_eq!(variant_name("ONE_WAY"), "OneWay");
        assert_eq!(variant_name("two-way"), "TwoWay");
        assert_eq!(variant_name("2FA"), "V2fa");
        assert_eq!(variant_name("webexCalling"), "WebexCalling");
        assert_eq!(variant_name("thirdPartySipCalling"), "ThirdPartySipCalling");
        assert_eq!(variant_name("none"), "None");
        assert_eq!(variant_name("__"), "");
    }
}
