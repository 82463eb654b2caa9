//! Rewrites that shrink the future of every generated operation (issue 19).
//!
//! Every caller's future contains the operation's, and a future is copied
//! whole (padding included) each time it moves: into its parent when it is
//! first awaited, into a task when it is spawned or pushed into a
//! `FuturesUnordered`. rustc keeps a local in the future for as long as it
//! may have been borrowed, moved-out or not, so progenitor's
//!
//! ```text
//! let mut request = ...build()?;
//! self.pre(&mut request, &info).await?;
//! let result = self.exec(request, &info).await;
//! self.post(&result, &info).await?;
//! let response = result?;
//! match response.status().as_u16() { 200u16 => ResponseValue::from_response(response).await, .. }
//! ```
//!
//! keeps the request (264 bytes), the result and the response (136 each)
//! to the end, beside progenitor's `from_response` (944 bytes: it holds the
//! response while reqwest reads the body, and clones the headers). The
//! rewrite builds the request in a block of its own, sends it with
//! `crate::hooks::send` (the hooks in one future, the status handed back
//! apart) and decodes with `crate::hooks::response_value`:
//! `get_person_barge_in`'s future went from 1,648 bytes to 336 (with the
//! hooks' own rework), and the reads bench's
//! `webex.person(id).barge_in().get()` from 2,992 to 1,088 (with
//! `webex-calling`'s own rework).
//!
//! Each rewrite fails codegen when progenitor's output no longer has the
//! shape it expects, so an upgrade cannot silently undo it.

use anyhow::{Result, bail};
use syn::visit_mut::VisitMut;

/// Applies the rewrites to every method of the generated client.
pub fn apply(file: &mut syn::File) -> Result<()> {
    let mut rewriter = Rewriter::default();
    rewriter.visit_file_mut(file);
    if let Some(method) = rewriter.left.first() {
        bail!(
            "`{method}` sends its request in a shape xtask/src/small_futures.rs does not know; \
             teach `send_in_hooks` the new shape"
        );
    }
    for (count, what) in [
        (
            rewriter.sent,
            "`self.pre(..)`, `self.exec(..)`, `self.post(..)`",
        ),
        (rewriter.decoded, "`ResponseValue::from_response(response)`"),
    ] {
        if count == 0 {
            bail!("progenitor output no longer contains {what}; update xtask/src/small_futures.rs");
        }
    }
    Ok(())
}

#[derive(Default)]
struct Rewriter {
    sent: usize,
    decoded: usize,
    /// Methods that call the hooks in a shape no rewrite understood.
    left: Vec<String>,
}

impl VisitMut for Rewriter {
    fn visit_impl_item_fn_mut(&mut self, method: &mut syn::ImplItemFn) {
        if calls_hooks(&method.block) {
            if send_in_hooks(&mut method.block) {
                self.sent += 1;
            } else {
                self.left.push(method.sig.ident.to_string());
            }
        }
        syn::visit_mut::visit_impl_item_fn_mut(self, method);
    }

    fn visit_expr_path_mut(&mut self, path: &mut syn::ExprPath) {
        let segments: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        if path.qself.is_none() && segments == ["ResponseValue", "from_response"] {
            *path = syn::parse_quote!(crate::hooks::response_value);
            self.decoded += 1;
        }
        syn::visit_mut::visit_expr_path_mut(self, path);
    }
}

/// The statements progenitor sends a built request with, as `quote` prints
/// them.
const HOOK_CALLS: [&str; 4] = [
    "self . pre (& mut request , & info) . await ? ;",
    "let result = self . exec (request , & info) . await ;",
    "self . post (& result , & info) . await ? ;",
    "let response = result ? ;",
];

fn text(stmt: &syn::Stmt) -> String {
    quote::quote!(#stmt).to_string()
}

/// Whether a method body calls the `pre` hook at all.
fn calls_hooks(block: &syn::Block) -> bool {
    block.stmts.iter().any(|stmt| text(stmt) == HOOK_CALLS[0])
}

/// Rewrites
///
/// ```text
/// let mut request = ..; <fill request>; let info = ..; <HOOK_CALLS>
/// match response.status().as_u16() { .. }
/// ```
///
/// into
///
/// ```text
/// let request = { let mut request = ..; <fill request>; request };
/// let info = ..;
/// let (status, response) = crate::hooks::send(self, request, &info).await?;
/// match status { .. }
/// ```
///
/// Returns whether the block had that shape; any other is left alone.
fn send_in_hooks(block: &mut syn::Block) -> bool {
    let stmts = &block.stmts;
    let Some(built) = stmts.iter().position(|stmt| binds(stmt, "request")) else {
        return false;
    };
    let Some(info) = stmts.iter().position(|stmt| binds(stmt, "info")) else {
        return false;
    };
    let hooks = info + 1..info + 1 + HOOK_CALLS.len();
    let sends_as_expected = built < info
        && stmts.len() > hooks.end
        && stmts[hooks.clone()]
            .iter()
            .zip(HOOK_CALLS)
            .all(|(stmt, expected)| text(stmt) == expected);
    if !sends_as_expected || !match_on_status(&mut block.stmts[hooks.end]) {
        return false;
    }
    block.stmts.splice(
        hooks,
        [syn::parse_quote! {
            let (status, response) = crate::hooks::send(self, request, &info).await?;
        }],
    );
    let filling: Vec<syn::Stmt> = block.stmts.drain(built..info).collect();
    block.stmts.insert(
        built,
        syn::parse_quote! {
            let request = {
                #(#filling)*
                request
            };
        },
    );
    true
}

/// Whether `stmt` is a `let` binding `name` (possibly `mut`).
fn binds(stmt: &syn::Stmt, name: &str) -> bool {
    matches!(stmt, syn::Stmt::Local(local)
        if matches!(&local.pat, syn::Pat::Ident(ident) if ident.ident == name))
}

/// Turns `match response.status().as_u16() { .. }` into `match status { .. }`;
/// whether `stmt` was that.
fn match_on_status(stmt: &mut syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::Match(matched), _) = stmt else {
        return false;
    };
    let scrutinee = &matched.expr;
    if quote::quote!(#scrutinee).to_string() != "response . status () . as_u16 ()" {
        return false;
    }
    *matched.expr = syn::parse_quote!(status);
    true
}

#[cfg(test)]
mod tests {
    use super::apply;

    /// An operation shaped like progenitor's (after `lean_requests`).
    const METHOD: &str = r#"
        impl Client {
            pub async fn op<'a>(&'a self, id: &'a str, tracking_id: Option<&'a str>) -> Result<ResponseValue<types::S>, Error<types::E>> {
                let url = crate::api_url::build(&self.baseurl, self.inner.base_url(), &["a", id]);
                #[allow(unused_mut)]
                let mut request = self.client.get(url).build()?;
                if let Some(value) = tracking_id {
                    request.headers_mut().append(NAME, value);
                }
                let info = OperationInfo { operation_id: "op" };
                self.pre(&mut request, &info).await?;
                let result = self.exec(request, &info).await;
                self.post(&result, &info).await?;
                let response = result?;
                match response.status().as_u16() {
                    200u16 => ResponseValue::from_response(response).await,
                    400u16 => Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        }
    "#;

    fn rewritten(source: &str) -> anyhow::Result<String> {
        let mut file: syn::File = syn::parse_str(source)?;
        apply(&mut file)?;
        Ok(quote::quote!(#file).to_string())
    }

    #[test]
    fn the_request_is_scoped_and_sent_through_the_joined_hooks() -> anyhow::Result<()> {
        let text = rewritten(METHOD)?;
        let expected = [
            "let request = { # [allow (unused_mut)] let mut request = self . client . get (url) . build () ? ; if let Some (value) = tracking_id { request . headers_mut () . append (NAME , value) ; } request } ;",
            "let info = OperationInfo { operation_id : \"op\" } ;",
            "let (status , response) = crate :: hooks :: send (self , request , & info) . await ? ;",
            "match status {",
            "200u16 => crate :: hooks :: response_value (response) . await ,",
            "Err (Error :: ErrorResponse (crate :: hooks :: response_value (response) . await ?))",
        ];
        let mut from = 0;
        for part in expected {
            let at = text[from..]
                .find(part)
                .map(|at| from + at)
                .ok_or_else(|| anyhow::anyhow!("missing, or out of order: {part}\nin: {text}"))?;
            from = at + part.len();
        }
        for gone in ["self . pre", "self . exec", "self . post", "from_response"] {
            assert!(!text.contains(gone), "{gone} is left: {text}");
        }
        Ok(())
    }

    #[test]
    fn hooks_called_in_another_shape_are_refused() -> anyhow::Result<()> {
        let other = METHOD.replace(
            "let response = result ?;",
            "let response = result.unwrap();",
        );
        let other = other.replace("let response = result?;", "let response = result.unwrap();");
        let mut file: syn::File = syn::parse_str(&other)?;
        let error = apply(&mut file).expect_err("an unknown shape");
        assert!(error.to_string().contains("`op`"), "{error}");
        Ok(())
    }

    #[test]
    fn output_without_the_hooks_is_refused() -> anyhow::Result<()> {
        let mut file: syn::File = syn::parse_str("impl Client { fn op(&self) {} }")?;
        let error = apply(&mut file).expect_err("nothing to rewrite");
        assert!(error.to_string().contains("small_futures.rs"), "{error}");
        Ok(())
    }
}
