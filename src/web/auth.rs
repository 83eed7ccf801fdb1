//! Sign-in, sessions and CSRF.
//!
//! Without a configured token (loopback only) everyone who reaches the port is a reviewer and one
//! random per-process CSRF token guards the forms. With a token, `/login` exchanges it for a
//! session cookie (random id, HttpOnly, SameSite=Strict) that carries its own CSRF token; every
//! other page needs the cookie. State-changing requests from another origin are refused outright.

use super::{pages, AppState, WebError};
use axum::extract::{Form, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const COOKIE: &str = "claimledger_session";
const IDLE_TIMEOUT: Duration = Duration::from_secs(12 * 3600);
const MAX_SESSIONS: usize = 1000;

/// Who is asking: put into every request by [`require_session`].
#[derive(Debug, Clone)]
pub struct Session {
    /// The token forms must echo back.
    pub csrf: String,
    /// Signed in with the token (false when no token is configured).
    pub signed_in: bool,
}

struct Stored {
    csrf: String,
    last_seen: Instant,
}

pub(super) struct Auth {
    token: Option<String>,
    open_csrf: String,
    sessions: Mutex<HashMap<String, Stored>>,
}

/// 32 random bytes as hex (session ids, CSRF tokens).
fn random_token() -> String {
    let mut buf = [0u8; 32];
    if getrandom::getrandom(&mut buf).is_err() {
        // No OS randomness: fall back to a hash of time and addresses, still unguessable in practice.
        let seed = format!("{:?}{}{:p}", Instant::now(), std::process::id(), &buf);
        return crate::ledger::content_hash(&seed);
    }
    hex::encode(buf)
}

/// Equality that takes the same time wherever the strings differ.
pub(super) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Auth {
    pub(super) fn new(token: Option<String>) -> Auth {
        Auth {
            token,
            open_csrf: random_token(),
            sessions: Mutex::new(HashMap::new()),
        }
    }

    fn lookup(&self, id: &str) -> Option<Session> {
        let mut sessions = self.sessions.lock().ok()?;
        let s = sessions.get_mut(id)?;
        if s.last_seen.elapsed() > IDLE_TIMEOUT {
            sessions.remove(id);
            return None;
        }
        s.last_seen = Instant::now();
        Some(Session {
            csrf: s.csrf.clone(),
            signed_in: true,
        })
    }

    fn create(&self) -> Option<String> {
        let mut sessions = self.sessions.lock().ok()?;
        sessions.retain(|_, s| s.last_seen.elapsed() <= IDLE_TIMEOUT);
        if sessions.len() >= MAX_SESSIONS {
            let oldest = sessions
                .iter()
                .min_by_key(|(_, s)| s.last_seen)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                sessions.remove(&k);
            }
        }
        let id = random_token();
        sessions.insert(
            id.clone(),
            Stored {
                csrf: random_token(),
                last_seen: Instant::now(),
            },
        );
        Some(id)
    }
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A state-changing request whose browser says it came from another site.
fn cross_site(headers: &HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    match fetch_site {
        Some("cross-site" | "same-site") => return true,
        // The browser vouches for it (an opaque `Origin: null` may come with it).
        Some("same-origin" | "none") => return false,
        _ => {}
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        host,
    ) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
            !origin_host.eq_ignore_ascii_case(host)
        }
        (Some(_), None) => true,
        _ => false,
    }
}

/// Middleware: attaches the [`Session`], sends strangers to `/login`, refuses cross-site posts.
pub(super) async fn require_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD);
    if !safe && cross_site(req.headers()) {
        return WebError(
            StatusCode::FORBIDDEN,
            "cross-site requests are not accepted".into(),
        )
        .into_response();
    }
    let auth = &state.auth;
    if auth.token.is_none() {
        req.extensions_mut().insert(Session {
            csrf: auth.open_csrf.clone(),
            signed_in: false,
        });
        return next.run(req).await;
    }
    if let Some(session) = cookie_value(req.headers(), COOKIE).and_then(|id| auth.lookup(id)) {
        req.extensions_mut().insert(session);
        return next.run(req).await;
    }
    let path = req.uri().path();
    if path == "/login" || path.starts_with("/static/") {
        req.extensions_mut().insert(Session {
            csrf: String::new(),
            signed_in: false,
        });
        return next.run(req).await;
    }
    if safe {
        Redirect::to("/login").into_response()
    } else {
        WebError(StatusCode::UNAUTHORIZED, "sign in first".into()).into_response()
    }
}

/// Checks a form's CSRF token against the session's.
pub(super) fn check_csrf(session: &Session, sent: &str) -> Result<(), WebError> {
    if session.csrf.is_empty() || !same_secret(&session.csrf, sent) {
        return Err(WebError(
            StatusCode::FORBIDDEN,
            "the form's security token is missing or stale; reload the page and try again".into(),
        ));
    }
    Ok(())
}

pub(super) async fn login_page(State(state): State<AppState>) -> Response {
    if state.auth.token.is_none() {
        return Redirect::to("/").into_response();
    }
    Html(pages::login_page(None)).into_response()
}

#[derive(Debug, Deserialize)]
pub(super) struct LoginForm {
    token: String,
}

pub(super) async fn login(State(state): State<AppState>, Form(form): Form<LoginForm>) -> Response {
    let Some(expected) = state.auth.token.as_deref() else {
        return Redirect::to("/").into_response();
    };
    if !same_secret(expected, form.token.trim()) {
        // Slows down guessing; the token itself should be long.
        tokio::time::sleep(Duration::from_millis(400)).await;
        return (
            StatusCode::UNAUTHORIZED,
            Html(pages::login_page(Some("That token is not right."))),
        )
            .into_response();
    }
    match state.auth.create() {
        Some(id) => {
            let cookie = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict");
            ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
        }
        None => WebError(
            StatusCode::INTERNAL_SERVER_ERROR,
            "session store unavailable".into(),
        )
        .into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct LogoutForm {
    csrf: String,
}

pub(super) async fn logout(
    State(state): State<AppState>,
    axum::Extension(session): axum::Extension<Session>,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Result<Response, WebError> {
    check_csrf(&session, &form.csrf)?;
    if let (Some(id), Ok(mut sessions)) =
        (cookie_value(&headers, COOKIE), state.auth.sessions.lock())
    {
        sessions.remove(id);
    }
    let clear = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    Ok(([(header::SET_COOKIE, clear)], Redirect::to("/login")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_site_posts_are_recognised() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        assert!(!cross_site(&h));
        h.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(!cross_site(&h));
        h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(cross_site(&h));
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(cross_site(&h));
        h.insert(header::ORIGIN, "null".parse().unwrap());
        h.insert("sec-fetch-site", "same-origin".parse().unwrap());
        assert!(
            !cross_site(&h),
            "a same-origin form under a strict referrer policy"
        );
        h.remove("sec-fetch-site");
        assert!(cross_site(&h), "an opaque origin nobody vouches for");
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
