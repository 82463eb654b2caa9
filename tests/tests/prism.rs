//! The clients against an independent implementation of the spec: Prism.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use contract_tests::prism::{Prism, PrismMode};
use contract_tests::{spec_json, spec_operations, validation_errors, validator_for};
use serde_json::Value;
use std::collections::HashSet;
use webex_calling_client::types::{BargeInSettingsUpdate, PushToTalkSettingsUpdate};
use webex_calling_client::{Client, RequestContext};

fn generated_client(prism: &Prism) -> Client {
    Client::new_with_client(
        &prism.base_url(),
        reqwest::Client::new(),
        RequestContext::with_bearer_token("prism-accepts-any-bearer"),
    )
}

fn spec_example(pointer: &str) -> Value {
    spec_json().unwrap().pointer(pointer).cloned().unwrap()
}

#[tokio::test]
async fn generated_client_every_operation_succeeds_against_prism() -> Result<(), String> {
    let Some(prism) = Prism::start(PrismMode::Static)? else {
        return Ok(());
    };
    let client = generated_client(&prism);

    let barge_in = client
        .get_person_barge_in("person-1", Some("org-1"), Some("contract-test"))
        .await
        .map_err(|e| format!("get barge-in: {e}"))?;
    assert_eq!(barge_in.status().as_u16(), 200);
    assert_eq!(
        serde_json::to_value(barge_in.into_inner()).unwrap(),
        spec_example(
            "/paths/~1people~1{personId}~1features~1bargeIn/get/responses/200/content/application~1json/example"
        )
    );

    let update = {
        let mut update = BargeInSettingsUpdate::default();
        update.enabled = Some(false);
        update
    };
    let response = client
        .update_person_barge_in("person-1", None, None, &update)
        .await
        .map_err(|e| format!("update barge-in: {e}"))?;
    assert_eq!(response.status().as_u16(), 204);

    let push_to_talk = client
        .get_virtual_line_push_to_talk("line-1", Some("org-1"), None)
        .await
        .map_err(|e| format!("get push-to-talk: {e}"))?
        .into_inner();
    assert_eq!(
        serde_json::to_value(push_to_talk).unwrap(),
        spec_example(
            "/paths/~1telephony~1config~1virtualLines~1{virtualLineId}~1pushToTalk/get/responses/200/content/application~1json/example"
        )
    );

    let update = {
        let mut update = PushToTalkSettingsUpdate::default();
        update.members = Some(vec!["member-1".into()]);
        update
    };
    let response = client
        .update_virtual_line_push_to_talk("line-1", None, None, &update)
        .await
        .map_err(|e| format!("update push-to-talk: {e}"))?;
    assert_eq!(response.status().as_u16(), 204);
    Ok(())
}

#[tokio::test]
async fn prism_rejects_a_request_without_a_token() -> Result<(), String> {
    let Some(prism) = Prism::start(PrismMode::Static)? else {
        return Ok(());
    };
    // The bare client proves Prism enforces the spec's security scheme, so the
    // successful calls above really did send the bearer token.
    let client = Client::new_with_client(
        &prism.base_url(),
        reqwest::Client::new(),
        RequestContext::default(),
    );
    let error = client
        .get_person_barge_in("person-1", None, None)
        .await
        .expect_err("Prism must refuse a request without credentials");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    Ok(())
}

#[tokio::test]
async fn generated_client_decodes_a_hundred_random_schema_valid_bodies() -> Result<(), String> {
    let Some(prism) = Prism::start(PrismMode::Dynamic)? else {
        return Ok(());
    };
    let client = generated_client(&prism);
    let spec = spec_json().unwrap();
    let barge_in_schema = validator_for(&spec, "/components/schemas/BargeInSettings").unwrap();
    let push_to_talk_schema =
        validator_for(&spec, "/components/schemas/PushToTalkSettings").unwrap();
    let mut distinct = HashSet::new();
    for round in 0..100 {
        let settings = client
            .get_virtual_line_push_to_talk(&format!("line-{round}"), None, None)
            .await
            .map_err(|e| format!("read {round} of push-to-talk failed to decode: {e}"))?
            .into_inner();
        let value = serde_json::to_value(&settings).unwrap();
        let errors = validation_errors(&push_to_talk_schema, &value);
        assert!(
            errors.is_empty(),
            "round {round}: re-encoded body invalid: {errors:?}"
        );
        distinct.insert(value.to_string());

        let settings = client
            .get_person_barge_in(&format!("person-{round}"), None, None)
            .await
            .map_err(|e| format!("read {round} of barge-in failed to decode: {e}"))?
            .into_inner();
        let value = serde_json::to_value(&settings).unwrap();
        assert!(validation_errors(&barge_in_schema, &value).is_empty());
    }
    assert!(
        distinct.len() > 10,
        "Prism's dynamic mode should vary the bodies; saw only {} distinct",
        distinct.len()
    );
    Ok(())
}

fn ergonomic_client(prism: &Prism) -> webex_calling::Webex {
    webex_calling::Webex::builder()
        .token("prism-accepts-any-bearer")
        .base_url(prism.base_url())
        .build()
        .unwrap()
}

#[tokio::test]
async fn ergonomic_client_every_operation_succeeds_against_prism() -> Result<(), String> {
    let Some(prism) = Prism::start(PrismMode::Static)? else {
        return Ok(());
    };
    let webex = ergonomic_client(&prism);
    // Every operation of the spec, whatever it is: Prism validates each
    // request against the spec and answers with its example.
    let operations =
        spec_operations(&spec_json().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    for operation in &operations {
        operation
            .call(&webex, "target-1")
            .await
            .map_err(|e| format!("{}: {e}", operation.name()))?;
    }
    let barge_in = webex
        .person("person-1")
        .org_id("org-1")
        .barge_in()
        .get()
        .await
        .map_err(|e| format!("get barge-in: {e}"))?;
    assert!(barge_in.enabled && barge_in.tone_enabled);
    webex
        .person("person-1")
        .barge_in()
        .update(&{
            let mut update = BargeInSettingsUpdate::default();
            update.enabled = Some(true);
            update.tone_enabled = Some(false);
            update
        })
        .await
        .map_err(|e| format!("update barge-in: {e}"))?;
    let push_to_talk = webex
        .virtual_line("line-1")
        .push_to_talk()
        .get()
        .await
        .map_err(|e| format!("get push-to-talk: {e}"))?;
    assert_eq!(push_to_talk.members.len(), 2);
    // Read-modify-write: Prism's static example is re-read, the change is PUT
    // with member ids, and Prism validates that request body against the spec.
    let outcome = webex
        .virtual_line("line-1")
        .push_to_talk()
        .modify(|settings| settings.members.truncate(1))
        .await
        .map_err(|e| format!("modify push-to-talk: {e}"))?;
    assert!(outcome.sent);
    Ok(())
}

#[tokio::test]
async fn ergonomic_client_decodes_a_hundred_random_schema_valid_bodies() -> Result<(), String> {
    let Some(prism) = Prism::start(PrismMode::Dynamic)? else {
        return Ok(());
    };
    let webex = ergonomic_client(&prism);
    for round in 0..100 {
        webex
            .virtual_line(format!("line-{round}"))
            .push_to_talk()
            .get()
            .await
            .map_err(|e| format!("push-to-talk read {round} failed: {e}"))?;
        webex
            .person(format!("person-{round}"))
            .barge_in()
            .get()
            .await
            .map_err(|e| format!("barge-in read {round} failed: {e}"))?;
    }
    Ok(())
}
