//! A scripted HTTP server on the test's own Tokio runtime.
//!
//! wiremock serves from a thread of its own on the real clock, so a test using
//! it must measure real time. This server runs on the runtime of the test, so
//! a test on a paused clock (`#[tokio::test(start_paused = true)]`) sees waits,
//! delays and timeouts in exact virtual time, however loaded the machine is.

use super::{TOKEN, barge_in_json};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use webex_calling::{RetryPolicy, Webex};

/// One answer of the script.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<serde_json::Value>,
    delay: Duration,
}

impl Reply {
    /// An empty answer with `status`.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: None,
            delay: Duration::ZERO,
        }
    }

    /// The documented success: 200 with barge-in settings for a GET, else 204.
    pub fn ok(method: &str) -> Self {
        if method == "GET" {
            Self::status(200).json(barge_in_json())
        } else {
            Self::status(204)
        }
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// A JSON body.
    pub fn json(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Answers only after `delay` (on the test's clock).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Arrival {
    /// When it arrived, on the test's clock.
    pub at: Instant,
    pub method: String,
    pub path: String,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The status the script answered.
    pub status: u16,
}

/// The script: request number (from 0), method and path to the answer.
type Script = dyn Fn(usize, &str, &str) -> Reply + Send + Sync;

struct Shared {
    script: Box<Script>,
    arrivals: Mutex<Vec<Arrival>>,
    count: watch::Sender<usize>,
}

/// The running server; stops when dropped.
pub struct Scripted {
    uri: String,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl Scripted {
    /// Serves every request with `script(request number, method, path)`.
    pub async fn start(
        script: impl Fn(usize, &str, &str) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let shared = Arc::new(Shared {
            script: Box::new(script),
            arrivals: Mutex::new(Vec::new()),
            count: watch::Sender::new(0),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let uri = format!("http://{}", listener.local_addr().expect("local address"));
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the scripted server runs");
        });
        Self { uri, shared, task }
    }

    /// Answers the first `times` requests with `first`, the rest with success.
    pub async fn failing_then_ok(first: Reply, times: usize) -> Self {
        Self::start(move |n, method, _| {
            if n < times {
                first.clone()
            } else {
                Reply::ok(method)
            }
        })
        .await
    }

    /// The base URL.
    pub fn uri(&self) -> String {
        self.uri.clone()
    }

    /// A client for this server with `policy` and the `test` tracking prefix.
    pub fn client(&self, policy: RetryPolicy) -> Webex {
        Webex::builder()
            .token(TOKEN)
            .base_url(&self.uri)
            .retry_policy(policy)
            .tracking_id_prefix("test")
            .build()
            .expect("client builds")
    }

    /// Every request so far, in arrival order.
    pub fn arrivals(&self) -> Vec<Arrival> {
        self.shared.arrivals.lock().expect("log lock").clone()
    }

    /// How many requests arrived so far.
    pub fn count(&self) -> usize {
        *self.shared.count.borrow()
    }

    /// Waits until at least `n` requests have arrived.
    pub async fn wait_for(&self, n: usize) {
        let mut count = self.shared.count.subscribe();
        count
            .wait_for(|seen| *seen >= n)
            .await
            .expect("the server is running");
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let reply = {
        // One lock for numbering and logging, so request numbers follow arrival order.
        let mut arrivals = shared.arrivals.lock().expect("log lock");
        let reply = (shared.script)(arrivals.len(), &method, &path);
        arrivals.push(Arrival {
            at: Instant::now(),
            method,
            path,
            authorization,
            status: reply.status,
        });
        reply
    };
    shared.count.send_modify(|n| *n += 1);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(name.as_str(), value.as_str());
    }
    let body = match &reply.body {
        Some(json) => {
            response = response.header("content-type", "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    response.body(body).expect("a valid scripted response")
}
