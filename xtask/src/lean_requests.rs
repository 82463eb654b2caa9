//! Rewrites of progenitor's request building that save work on every call
//! (issue 19: the library's overhead against bare reqwest). Measured with
//! `READS_PROFILE=generated cargo bench -p webex-calling --bench reads`
//! (allocation counts with `RUSTFLAGS="--cfg reads_allocs"`):
//!
//! * the `api-version` header progenitor appends to every request, which
//!   Webex does not define, is never built (the hooks used to remove it);
//! * the URL is the client's base, parsed once, with the path's segments
//!   appended (`crate::api_url::build`), not a `format!`ted string that
//!   reqwest parses in full on every call; a `&str` path parameter is
//!   appended as it is, not copied by `.to_string()` first;
//! * an optional query parameter that is `None` does not run reqwest's query
//!   serializer, which rewrites the URL even when it adds nothing;
//! * the map of optional headers starts empty (`HeaderMap::new()` allocates
//!   on the first insert only), not with room that a call passing none of
//!   them allocates for nothing;
//! * an optional header's name is a static, lowercase `HeaderName`, not a
//!   string that `http` parses and copies on every call, and it and a
//!   `HeaderValue::from_static` (the `Accept` header) are built in `const`
//!   blocks, so their bytes are checked when compiling, not on every call;
//! * optional headers go straight into the built request's headers, not
//!   into a map of their own that reqwest then copies over: a call with a
//!   `TrackingID` saved two allocations and about 1,100 instructions;
//! * an optional `&str` header becomes its `HeaderValue` directly, not
//!   through `.to_string().try_into()` (about 860 instructions a call).
//!
//! Each rewrite fails loudly when progenitor's output no longer has the shape
//! it expects, so a progenitor upgrade cannot silently undo it.

use anyhow::{Result, bail};
use std::collections::HashSet;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;

/// Applies the rewrites to every method of the generated client.
pub fn apply(file: &mut syn::File) -> Result<()> {
    let mut rewriter = Rewriter::default();
    rewriter.visit_file_mut(file);
    if let Some(url) = rewriter.urls_left.first() {
        bail!(
            "progenitor builds a URL that xtask/src/lean_requests.rs cannot rewrite \
             into `api_url::build`: {url}; teach `built_url` its shape"
        );
    }
    for (count, what) in [
        (rewriter.headers_dropped, "the `api-version` header append"),
        (
            rewriter.urls_built,
            "`let url = format!(\"{}/...\", self.baseurl, ...)`",
        ),
        (rewriter.paths_borrowed, "`encode_path(&id.to_string())`"),
        (
            rewriter.queries_skipped,
            "`.query(&QueryParam::new(name, &optional))`",
        ),
        (rewriter.maps_emptied, "`HeaderMap::with_capacity(n)`"),
        (
            rewriter.names_static,
            "`header_map.append(\"Name\", value)`",
        ),
        (
            rewriter.values_borrowed,
            "`if let Some(value) = header { ...value.to_string().try_into()? }`",
        ),
        (
            rewriter.maps_inlined,
            "`let mut header_map = ..` and `.headers(header_map).build()?`",
        ),
        (rewriter.values_const, "`HeaderValue::from_static(\"...\")`"),
    ] {
        if count == 0 {
            bail!(
                "progenitor output no longer contains {what}; \
                 update xtask/src/lean_requests.rs"
            );
        }
    }
    file.items.insert(
        0,
        syn::parse_quote! {
            use crate::optional_query::OptionalQuery;
        },
    );
    Ok(())
}

#[derive(Default)]
struct Rewriter {
    /// Parameters of the method being visited, by kind.
    str_params: HashSet<String>,
    option_params: HashSet<String>,
    headers_dropped: usize,
    urls_built: usize,
    /// `format!`s of a URL no rewrite understood, as text.
    urls_left: Vec<String>,
    paths_borrowed: usize,
    queries_skipped: usize,
    maps_emptied: usize,
    names_static: usize,
    maps_inlined: usize,
    values_borrowed: usize,
    values_const: usize,
    /// The `Option<&str>` parameters of the method being visited.
    option_str_params: HashSet<String>,
}

impl VisitMut for Rewriter {
    fn visit_impl_item_fn_mut(&mut self, method: &mut syn::ImplItemFn) {
        self.str_params.clear();
        self.option_params.clear();
        self.option_str_params.clear();
        for input in &method.sig.inputs {
            let syn::FnArg::Typed(typed) = input else {
                continue;
            };
            let syn::Pat::Ident(name) = typed.pat.as_ref() else {
                continue;
            };
            let name = name.ident.to_string();
            match typed.ty.as_ref() {
                syn::Type::Reference(reference) if is_path_named(&reference.elem, "str") => {
                    self.str_params.insert(name);
                }
                ty if is_path_named(ty, "Option") => {
                    if is_option_of_str(ty) {
                        self.option_str_params.insert(name.clone());
                    }
                    self.option_params.insert(name);
                }
                _ => {}
            }
        }
        syn::visit_mut::visit_impl_item_fn_mut(self, method);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !is_api_version_append(stmt));
        self.headers_dropped += before - block.stmts.len();
        syn::visit_mut::visit_block_mut(self, block);
        if headers_on_request(block) {
            self.maps_inlined += 1;
        }
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        let is_url = matches!(&local.pat, syn::Pat::Ident(name) if name.ident == "url");
        if let (true, Some(init)) = (is_url, local.init.as_mut())
            && let syn::Expr::Macro(mac) = init.expr.as_ref()
            && mac.mac.path.is_ident("format")
        {
            match self.built_url(&mac.mac) {
                Some(built) => {
                    *init.expr = built;
                    self.urls_built += 1;
                }
                None => {
                    let text = &mac.mac.tokens;
                    self.urls_left.push(quote::quote!(#text).to_string());
                }
            }
        }
        syn::visit_mut::visit_local_mut(self, local);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        if let Some(rewritten) = self.skipped_query(expr) {
            *expr = rewritten;
            self.queries_skipped += 1;
        } else if is_header_map_with_capacity(expr) {
            *expr = syn::parse_quote!(::reqwest::header::HeaderMap::new());
            self.maps_emptied += 1;
        } else if let Some(name) = appended_header_name(expr) {
            *name = static_header_name(name);
            self.names_static += 1;
        } else if is_static_header_value(expr) {
            *expr = syn::parse_quote!(const { #expr });
            self.values_const += 1;
        } else if let Some(value) = self.str_header_value(expr) {
            let mut borrow = BorrowedValue(value, 0);
            borrow.visit_expr_mut(expr);
            self.values_borrowed += borrow.1;
        }
    }
}

/// Rewrites `<.0>.to_string().try_into()` to `HeaderValue::try_from(<.0>)`,
/// counting the rewrites in `.1`.
struct BorrowedValue(syn::Ident, usize);

impl VisitMut for BorrowedValue {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        if let syn::Expr::MethodCall(try_into) = expr
            && try_into.method == "try_into"
            && try_into.args.is_empty()
            && let syn::Expr::MethodCall(to_string) = try_into.receiver.as_ref()
            && to_string.method == "to_string"
            && to_string.args.is_empty()
            && plain_ident(&to_string.receiver).is_some_and(|name| *name == self.0)
        {
            let value = &self.0;
            *expr = syn::parse_quote!(::reqwest::header::HeaderValue::try_from(#value));
            self.1 += 1;
        }
    }
}

impl Rewriter {
    /// `format!("{}/people/{}/features/bargeIn", self.baseurl, encode_path(..))`
    /// as `api_url::build(&self.baseurl, .., &["people", id, "features",
    /// "bargeIn"])`, returning `Error::InvalidRequest` for a bad base URL;
    /// `None` for any other shape.
    fn built_url(&mut self, mac: &syn::Macro) -> Option<syn::Expr> {
        let parser = Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        let args = mac.parse_body_with(parser).ok()?;
        let mut args = args.into_iter();
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(template),
            ..
        }) = args.next()?
        else {
            return None;
        };
        let base = args.next()?;
        if quote::quote!(#base).to_string() != "self . baseurl" {
            return None;
        }
        let template = template.value();
        let path = template.strip_prefix("{}/")?;
        let mut segments: Vec<syn::Expr> = Vec::new();
        for piece in path.split('/') {
            if piece == "{}" {
                segments.push(self.path_segment(args.next()?)?);
            } else if !piece.is_empty() && !piece.contains(['{', '}']) {
                segments.push(syn::parse_quote!(#piece));
            } else {
                return None;
            }
        }
        if args.next().is_some() {
            return None;
        }
        Some(syn::parse_quote! {
            match crate::api_url::build(&self.baseurl, self.inner.base_url(), &[#(#segments),*]) {
                Ok(url) => url,
                Err(message) => return Err(Error::InvalidRequest(message)),
            }
        })
    }

    /// The text of one path segment from progenitor's
    /// `encode_path(&name.to_string())`: a `&str` parameter as it is, any
    /// other as its string.
    fn path_segment(&mut self, arg: syn::Expr) -> Option<syn::Expr> {
        let syn::Expr::Call(call) = arg else {
            return None;
        };
        let syn::Expr::Path(function) = call.func.as_ref() else {
            return None;
        };
        if !function.path.is_ident("encode_path") || call.args.len() != 1 {
            return None;
        }
        let segment = call.args.into_iter().next()?;
        if let syn::Expr::Reference(reference) = &segment
            && let syn::Expr::MethodCall(to_string) = reference.expr.as_ref()
            && to_string.method == "to_string"
            && to_string.args.is_empty()
            && let Some(name) = plain_ident(&to_string.receiver)
            && self.str_params.contains(&name.to_string())
        {
            self.paths_borrowed += 1;
            return Some(syn::parse_quote!(#name));
        }
        Some(segment)
    }

    /// The name `value` binds in `if let Some(value) = param { .. }` when
    /// `param` is an `Option<&str>` parameter: a header's value that can be
    /// borrowed.
    fn str_header_value(&self, expr: &syn::Expr) -> Option<syn::Ident> {
        let syn::Expr::If(branch) = expr else {
            return None;
        };
        let syn::Expr::Let(binding) = branch.cond.as_ref() else {
            return None;
        };
        let param = plain_ident(&binding.expr)?;
        if !self.option_str_params.contains(&param.to_string()) {
            return None;
        }
        let syn::Pat::TupleStruct(some) = binding.pat.as_ref() else {
            return None;
        };
        if !some.path.is_ident("Some") || some.elems.len() != 1 {
            return None;
        }
        match &some.elems[0] {
            syn::Pat::Ident(value) if value.subpat.is_none() => Some(value.ident.clone()),
            _ => None,
        }
    }

    /// `builder.query(&progenitor_client::QueryParam::new(key, &name))` of an
    /// `Option` parameter, as `builder.optional_query(key, &name)`.
    fn skipped_query(&self, expr: &syn::Expr) -> Option<syn::Expr> {
        let syn::Expr::MethodCall(query) = expr else {
            return None;
        };
        if query.method != "query" || query.args.len() != 1 {
            return None;
        }
        let syn::Expr::Reference(reference) = &query.args[0] else {
            return None;
        };
        let syn::Expr::Call(new) = reference.expr.as_ref() else {
            return None;
        };
        let syn::Expr::Path(function) = new.func.as_ref() else {
            return None;
        };
        let segments: Vec<String> = function
            .path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        if segments != ["progenitor_client", "QueryParam", "new"] || new.args.len() != 2 {
            return None;
        }
        let key = &new.args[0];
        let syn::Expr::Reference(value) = &new.args[1] else {
            return None;
        };
        let name = plain_ident(&value.expr)?;
        if !self.option_params.contains(&name.to_string()) {
            return None;
        }
        let receiver = &query.receiver;
        Some(syn::parse_quote!(#receiver.optional_query(#key, &#name)))
    }
}

/// `header_map.append(HeaderName::from_static("api-version"), ...);`
fn is_api_version_append(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), Some(_)) = stmt else {
        return false;
    };
    call.method == "append"
        && plain_ident(&call.receiver).is_some_and(|name| name == "header_map")
        && call.args.first().is_some_and(|name| {
            quote::quote!(#name)
                .to_string()
                .contains("from_static (\"api-version\")")
        })
}

/// `::reqwest::header::HeaderMap::with_capacity(n)`.
fn is_header_map_with_capacity(expr: &syn::Expr) -> bool {
    let syn::Expr::Call(call) = expr else {
        return false;
    };
    let syn::Expr::Path(function) = call.func.as_ref() else {
        return false;
    };
    let segments: Vec<String> = function
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    segments.ends_with(&["HeaderMap".to_owned(), "with_capacity".to_owned()])
}

/// The string-literal name in `header_map.append("Name", value)`.
fn appended_header_name(expr: &mut syn::Expr) -> Option<&mut syn::Expr> {
    let syn::Expr::MethodCall(call) = expr else {
        return None;
    };
    if call.method != "append"
        || plain_ident(&call.receiver).is_none_or(|name| name != "header_map")
    {
        return None;
    }
    let name = call.args.first_mut()?;
    matches!(
        name,
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(_),
            ..
        })
    )
    .then_some(name)
}

/// `HeaderName::from_static` of the lowercase name (HTTP names are
/// case-insensitive and `http` stores them lowercase anyway), in a `const`
/// block: `from_static` checks the name byte by byte, which at run time cost
/// about 90 instructions per request. It fails on a name that is not a
/// token, so such a name from the spec is left to the runtime parse, which
/// returns an error instead.
fn static_header_name(name: &syn::Expr) -> syn::Expr {
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(literal),
        ..
    }) = name
    else {
        return name.clone();
    };
    let lower = literal.value().to_ascii_lowercase();
    let token = !lower.is_empty()
        && lower
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        return name.clone();
    }
    syn::parse_quote!(const { ::reqwest::header::HeaderName::from_static(#lower) })
}

/// `HeaderValue::from_static("...")`, which checks its bytes when called
/// (it is a `const fn`, so a `const` block checks them when compiling).
fn is_static_header_value(expr: &syn::Expr) -> bool {
    matches!(
        expr,
        syn::Expr::Call(call)
            if matches!(call.func.as_ref(), syn::Expr::Path(path)
                if path.path.segments.len() >= 2
                    && path.path.segments.iter().rev().take(2).map(|s| s.ident.to_string()).eq(["from_static", "HeaderValue"]))
                && matches!(call.args.first(), Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(_), .. })))
                && call.args.len() == 1
    )
}

/// In a method body shaped like progenitor's,
///
/// ```text
/// let mut header_map = HeaderMap::new();
/// if let Some(value) = tracking_id { header_map.append(name, value); }
/// let mut request = self.client.get(url)...headers(header_map).build()?;
/// ```
///
/// drops the map and `.headers(header_map)`, and moves the statements that
/// fill the map after the request, writing to `request.headers_mut()`.
/// Returns whether it did; a block of any other shape is left alone.
fn headers_on_request(block: &mut syn::Block) -> bool {
    let Some(map) = block
        .stmts
        .iter()
        .position(|stmt| local_named(stmt, "header_map").is_some())
    else {
        return false;
    };
    let Some(offset) = block.stmts[map..].iter().position(|stmt| {
        local_named(stmt, "request").is_some_and(|local| {
            local
                .init
                .as_ref()
                .is_some_and(|init| builds_with_header_map(&init.expr))
        })
    }) else {
        return false;
    };
    let request = map + offset;
    let (fills, others): (Vec<syn::Stmt>, Vec<syn::Stmt>) = block
        .stmts
        .drain(map + 1..request)
        .partition(mentions_header_map);
    let mut request_stmt = block.stmts.remove(map + 1);
    block.stmts.remove(map);
    if let syn::Stmt::Local(local) = &mut request_stmt {
        if let syn::Pat::Ident(name) = &mut local.pat {
            name.mutability = Some(Default::default());
        }
        if let Some(init) = local.init.as_mut() {
            drop_headers_call(&mut init.expr);
        }
    }
    let mut moved = Vec::with_capacity(fills.len());
    for mut stmt in fills {
        ToRequestHeaders.visit_stmt_mut(&mut stmt);
        moved.push(stmt);
    }
    block.stmts.splice(
        map..map,
        others.into_iter().chain([request_stmt]).chain(moved),
    );
    true
}

/// The `let` statement binding `name` (possibly `mut`), if `stmt` is one.
fn local_named<'a>(stmt: &'a syn::Stmt, name: &str) -> Option<&'a syn::Local> {
    let syn::Stmt::Local(local) = stmt else {
        return None;
    };
    matches!(&local.pat, syn::Pat::Ident(ident) if ident.ident == name).then_some(local)
}

/// `<builder>.headers(header_map).build()?`.
fn builds_with_header_map(expr: &syn::Expr) -> bool {
    let syn::Expr::Try(tried) = expr else {
        return false;
    };
    let syn::Expr::MethodCall(build) = tried.expr.as_ref() else {
        return false;
    };
    let syn::Expr::MethodCall(headers) = build.receiver.as_ref() else {
        return false;
    };
    build.method == "build"
        && headers.method == "headers"
        && headers.args.len() == 1
        && plain_ident(&headers.args[0]).is_some_and(|name| name == "header_map")
}

/// `<builder>.headers(header_map).build()?` as `<builder>.build()?`; only
/// called on an expression [`builds_with_header_map`] accepted.
fn drop_headers_call(expr: &mut syn::Expr) {
    if let syn::Expr::Try(tried) = expr
        && let syn::Expr::MethodCall(build) = tried.expr.as_mut()
        && let syn::Expr::MethodCall(headers) = build.receiver.as_ref()
    {
        build.receiver = headers.receiver.clone();
    }
}

fn mentions_header_map(stmt: &syn::Stmt) -> bool {
    fn mentions(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => ident == "header_map",
            proc_macro2::TokenTree::Group(group) => mentions(group.stream()),
            _ => false,
        })
    }
    mentions(quote::quote!(#stmt))
}

/// Rewrites every `header_map` expression to `request.headers_mut()`.
struct ToRequestHeaders;

impl VisitMut for ToRequestHeaders {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if plain_ident(expr).is_some_and(|name| name == "header_map") {
            *expr = syn::parse_quote!(request.headers_mut());
        } else {
            syn::visit_mut::visit_expr_mut(self, expr);
        }
    }
}

fn plain_ident(expr: &syn::Expr) -> Option<&syn::Ident> {
    match expr {
        syn::Expr::Path(path) if path.qself.is_none() => path.path.get_ident(),
        _ => None,
    }
}

/// Whether `ty` is `Option<&str>` (any lifetime).
fn is_option_of_str(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return false;
    };
    matches!(args.args.first(), Some(syn::GenericArgument::Type(syn::Type::Reference(inner)))
        if args.args.len() == 1 && is_path_named(&inner.elem, "str"))
}

/// Whether `ty` is a path whose last segment is `name` (`str`, `Option<..>`).
fn is_path_named(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(path)
        if path.qself.is_none()
            && path.path.segments.last().is_some_and(|segment| segment.ident == name))
}

#[cfg(test)]
mod tests {
    use super::apply;

    /// A method shaped like progenitor's, with one parameter of each kind
    /// the rewrites must leave alone: a number in the path, a required query.
    const METHOD: &str = r#"
        impl Client {
            pub async fn op<'a>(&'a self, id: &'a str, n: i64, org_id: Option<&'a str>, max: i64, tracking_id: Option<&'a str>, count: Option<i64>) {
                let url = format!("{}/a/{}/b/{}", self.baseurl, encode_path(&id.to_string()), encode_path(&n.to_string()));
                let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                header_map.append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(Self::api_version()),
                );
                if let Some(value) = tracking_id {
                    header_map.append("TrackingID", value.to_string().try_into()?);
                }
                if let Some(value) = count {
                    header_map.append("Count", value.to_string().try_into()?);
                }
                let request = self.client.get(url)
                    .header(::reqwest::header::ACCEPT, ::reqwest::header::HeaderValue::from_static("application/json"))
                    .query(&progenitor_client::QueryParam::new("orgId", &org_id))
                    .query(&progenitor_client::QueryParam::new("max", &max))
                    .headers(header_map)
                    .build()?;
            }
        }
    "#;

    #[test]
    fn only_str_paths_and_optional_queries_are_rewritten() -> anyhow::Result<()> {
        let mut file: syn::File = syn::parse_str(METHOD)?;
        apply(&mut file)?;
        let text = quote::quote!(#file).to_string();
        assert!(
            text.contains(
                "crate :: api_url :: build (& self . baseurl , self . inner . base_url () , & [\"a\" , id , \"b\" , & n . to_string ()])"
            ),
            "{text}"
        );
        assert!(!text.contains("format !"), "{text}");
        assert!(!text.contains("encode_path"), "{text}");
        assert!(
            text.contains(". optional_query (\"orgId\" , & org_id)"),
            "{text}"
        );
        assert!(
            text.contains("QueryParam :: new (\"max\" , & max)"),
            "{text}"
        );
        assert!(!text.contains("api-version"), "{text}");
        assert!(
            text.contains(
                "const { :: reqwest :: header :: HeaderValue :: from_static (\"application/json\") }"
            ),
            "{text}"
        );
        assert!(!text.contains("with_capacity"), "{text}");
        assert!(
            text.contains(
                "request . headers_mut () . append (const { :: reqwest :: header :: HeaderName :: from_static (\"trackingid\") }"
            ),
            "{text}"
        );
        assert!(
            text.contains("from_static (\"trackingid\") } , :: reqwest :: header :: HeaderValue :: try_from (value) ?"),
            "{text}"
        );
        assert!(
            text.contains("from_static (\"count\") } , value . to_string () . try_into () ?"),
            "a number still goes through its text: {text}"
        );
        assert!(!text.contains("header_map"), "{text}");
        assert!(!text.contains(". headers ("), "{text}");
        let built = text.find(". build () ?").expect("the request is built");
        let filled = text.find("headers_mut").expect("the header is set");
        assert!(built < filled, "headers go in after the build: {text}");
        Ok(())
    }

    #[test]
    fn a_header_name_that_is_no_token_keeps_the_runtime_parse() {
        let text = |name: syn::Expr| {
            let rewritten = super::static_header_name(&name);
            quote::quote!(#rewritten).to_string()
        };
        assert_eq!(text(syn::parse_quote!("Bad Name")), "\"Bad Name\"");
        assert_eq!(
            text(syn::parse_quote!("X-Org")),
            "const { :: reqwest :: header :: HeaderName :: from_static (\"x-org\") }"
        );
    }

    #[test]
    fn a_url_of_another_shape_is_refused() -> anyhow::Result<()> {
        let other = METHOD.replace("{}/a/{}/b/{}", "{}/a/{}.json/b/{}");
        let mut file: syn::File = syn::parse_str(&other)?;
        let error = apply(&mut file).expect_err("a segment mixing text and a parameter");
        assert!(error.to_string().contains("cannot rewrite"), "{error}");
        Ok(())
    }

    #[test]
    fn output_without_the_expected_shapes_is_refused() -> anyhow::Result<()> {
        let mut file: syn::File = syn::parse_str("impl Client { fn op(&self) {} }")?;
        let error = apply(&mut file).expect_err("nothing to rewrite");
        assert!(error.to_string().contains("lean_requests.rs"), "{error}");
        Ok(())
    }
}
