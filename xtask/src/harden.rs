//! Making the generated types survive additive spec changes.
//!
//! Webex adds response fields and enum values without notice. For a Rust
//! caller, a new public field breaks every struct literal and exhaustive
//! pattern, and a new variant breaks every exhaustive `match`. So every
//! generated struct and enum is marked `#[non_exhaustive]`, and since that
//! forbids struct literals outside the client crate, every struct gets a
//! construction that survives new optional fields: `Default` when all its
//! fields are optional, else `new(required...)`, and a `with_<field>`
//! setter per optional field (or set fields by assignment).
//! This is the promise the client crate's README states.

use anyhow::{Context, Result};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Marks the top-level structs and enums of `types` `#[non_exhaustive]` and
/// gives each struct `Default` or `new`.
pub fn harden_types(types: &mut Vec<syn::Item>) -> Result<()> {
    let mut constructors = Vec::new();
    for item in types.iter_mut() {
        match item {
            syn::Item::Struct(item) => {
                item.attrs.push(syn::parse_quote!(#[non_exhaustive]));
                if let Some(tokens) = construction(item) {
                    constructors.push(tokens);
                }
            }
            syn::Item::Enum(item) => item.attrs.push(syn::parse_quote!(#[non_exhaustive])),
            _ => {}
        }
    }
    for tokens in constructors {
        let file: syn::File =
            syn::parse2(tokens).context("a generated constructor is not valid Rust")?;
        types.extend(file.items);
    }
    Ok(())
}

/// `impl Default` (no required fields) or `new` (with the required fields as
/// arguments, in field order), and a `with_<field>` setter per optional
/// field; no `Default` when typify already derived it.
fn construction(item: &syn::ItemStruct) -> Option<TokenStream> {
    let syn::Fields::Named(fields) = &item.fields else {
        return None;
    };
    let ident = &item.ident;
    let (required, optional): (Vec<&syn::Field>, Vec<&syn::Field>) =
        fields.named.iter().partition(|field| !has_default(field));
    let setters = setters(ident, &optional);
    let derives_default = item.attrs.iter().any(|attr| {
        attr.path().is_ident("derive") && quote!(#attr).to_string().contains("Default")
    });
    if derives_default {
        return Some(setters);
    }
    let optional_names: Vec<_> = optional.iter().map(|f| &f.ident).collect();
    if required.is_empty() {
        return Some(quote! {
            impl ::std::default::Default for #ident {
                fn default() -> Self {
                    Self { #(#optional_names: ::std::default::Default::default(),)* }
                }
            }
            #setters
        });
    }
    let names: Vec<_> = required.iter().map(|f| &f.ident).collect();
    let types: Vec<_> = required.iter().map(|f| &f.ty).collect();
    let arguments = names
        .iter()
        .filter_map(|name| name.as_ref())
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(
        "A value with the required fields ({arguments}); the optional ones are empty. \
         Set them by field assignment or the `with_` setters: new optional fields in \
         later versions do not \
         change this signature."
    );
    let new = format_ident!("new");
    Some(quote! {
        impl #ident {
            #[doc = #doc]
            pub fn #new(#(#names: #types),*) -> Self {
                Self {
                    #(#names,)*
                    #(#optional_names: ::std::default::Default::default(),)*
                }
            }
        }
        #setters
    })
}

/// `with_<field>(value)` for each optional field: a value built in one
/// expression (`X::default().with_enabled(true)`), which struct literals
/// cannot do for a `#[non_exhaustive]` type and which a new optional field
/// leaves intact. An `Option` field takes the value itself; the flattened
/// map of unknown fields gets none.
fn setters(ident: &syn::Ident, optional: &[&syn::Field]) -> TokenStream {
    let methods = optional.iter().filter_map(|field| {
        let name = field.ident.as_ref()?;
        if is_flattened(field) {
            return None;
        }
        // `type_` (typify's spelling of `type`) gives `with_type`.
        let spelled = name.to_string();
        let setter = format_ident!(
            "with_{}",
            spelled.trim_start_matches("r#").trim_end_matches('_')
        );
        let doc = format!("The value with `{name}` set.");
        Some(match option_inner(&field.ty) {
            Some(inner) => quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #setter(mut self, value: #inner) -> Self {
                    self.#name = ::std::option::Option::Some(value);
                    self
                }
            },
            None => {
                let ty = &field.ty;
                quote! {
                    #[doc = #doc]
                    #[must_use]
                    pub fn #setter(mut self, value: #ty) -> Self {
                        self.#name = value;
                        self
                    }
                }
            }
        })
    });
    let methods: Vec<TokenStream> = methods.collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl #ident {
            #(#methods)*
        }
    }
}

/// `T` of an `Option<T>` type.
fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::Type(inner) => Some(inner),
            _ => None,
        }),
        _ => None,
    }
}

/// Whether serde flattens the field (the map of unknown fields).
fn is_flattened(field: &syn::Field) -> bool {
    field
        .attrs
        .iter()
        .any(|attr| attr.path().is_ident("serde") && quote!(#attr).to_string().contains("flatten"))
}

/// Whether a field may be left out: an `Option`, a field serde defaults, or
/// the flattened map of unknown fields.
fn has_default(field: &syn::Field) -> bool {
    let optional = matches!(&field.ty, syn::Type::Path(path)
        if path.path.segments.last().is_some_and(|s| s.ident == "Option"));
    let defaulted = field.attrs.iter().any(|attr| {
        attr.path().is_ident("serde") && {
            let text = quote!(#attr).to_string();
            text.contains("default") || text.contains("flatten")
        }
    });
    optional || defaulted
}

/// A hidden function decoding any named schema's JSON into its generated type
/// and encoding it back, for the spec-driven tests (e.g. that every enum of
/// every response keeps a value the spec does not list).
pub fn schema_round_trip(names: &[String]) -> TokenStream {
    let idents: Vec<_> = names.iter().map(|name| format_ident!("{name}")).collect();
    quote! {
        /// Decodes `value` as the generated type of schema `schema` and
        /// encodes it back; `None` for a schema with no generated type. For
        /// the spec-driven tests; not part of the API.
        #[doc(hidden)]
        pub fn __round_trip(
            schema: &str,
            value: ::serde_json::Value,
        ) -> ::std::option::Option<::std::result::Result<::serde_json::Value, ::serde_json::Error>> {
            match schema {
                #(
                    #names => Some(
                        ::serde_json::from_value::<#idents>(value)
                            .and_then(::serde_json::to_value),
                    ),
                )*
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_fields_get_setters_and_the_unknown_fields_none() {
        let mut types: Vec<syn::Item> = vec![syn::parse_quote! {
            pub struct Update {
                pub enabled: Option<bool>,
                pub type_: Option<Kind>,
                #[serde(default)]
                pub members: Vec<String>,
                #[serde(flatten)]
                pub extra: Map<String, Value>,
            }
        }];
        harden_types(&mut types).expect("valid output");
        let text = quote!(#(#types)*).to_string();
        assert!(
            text.contains("pub fn with_enabled (mut self , value : bool)"),
            "{text}"
        );
        assert!(
            text.contains("pub fn with_type (mut self , value : Kind)"),
            "{text}"
        );
        assert!(
            text.contains("pub fn with_members (mut self , value : Vec < String >)"),
            "{text}"
        );
        assert!(!text.contains("with_extra"), "{text}");
        assert!(
            text.contains("impl :: std :: default :: Default for Update"),
            "{text}"
        );
    }
}
