//! The optional online geocoder: a client for Nominatim-compatible search
//! services (OpenStreetMap's Nominatim, a self-hosted instance, or anything
//! answering `/search?q=…&format=jsonv2` the same way).
//!
//! It is off unless asked for. Requests are rate-limited (one per second by
//! default, as the public service's usage policy demands), and every answer —
//! found or not — goes into a cache file of JSON with sorted keys, so the
//! cache can be committed beside the partner list and a rerun needs no
//! network at all.
//!
//! HTTPS needs the crate feature `online-tls`; without it the client speaks
//! plain HTTP, which suits a local or self-hosted instance.

use geo_types::Coord;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Why an online lookup or the cache failed.
#[derive(Debug, thiserror::Error)]
pub enum OnlineError {
    /// The service URL is not usable.
    #[error("online geocoder URL {url:?}: {message}")]
    Url {
        /// The URL as given.
        url: String,
        /// What is wrong and what would work.
        message: String,
    },
    /// The cache file could not be read or written.
    #[error("cache file {path}: {source}")]
    CacheIo {
        /// The cache file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The cache file is not a cache written by this client.
    #[error(
        "cache file {path}, line {line}: not a geocoding cache (expected a JSON object of query → {{\"lon\", \"lat\", \"display_name\"}} or null): {source}"
    )]
    CacheFormat {
        /// The cache file.
        path: PathBuf,
        /// Line of the problem.
        line: u64,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// The request failed (connection, timeout, HTTP status).
    #[error("request to {url} failed: {source}")]
    Http {
        /// The service URL.
        url: String,
        /// The underlying error.
        #[source]
        source: Box<ureq::Error>,
    },
    /// The service answered something that is not a Nominatim result list.
    #[error("{url} answered something that is not a Nominatim result list: {message}")]
    Response {
        /// The service URL.
        url: String,
        /// What was wrong.
        message: String,
    },
    /// An earlier request failed to connect; no further requests are made in
    /// this run, so a dead service costs one timeout, not one per row.
    #[error("online geocoder disabled after an earlier failure: {first}")]
    Disabled {
        /// The first failure.
        first: String,
    },
}

/// One cached answer: the first result's position and display name, or
/// `None` (JSON `null`) when the service found nothing.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CachedPlace {
    /// Longitude (WGS84).
    pub lon: f64,
    /// Latitude (WGS84).
    pub lat: f64,
    /// The service's name for the place.
    #[serde(default)]
    pub display_name: String,
}

struct State {
    cache: BTreeMap<String, Option<CachedPlace>>,
    last_request: Option<Instant>,
    requests: usize,
    changed: bool,
    disabled: Option<String>,
}

/// A rate-limited, caching client for a Nominatim-compatible service.
///
/// `NominatimClient` is `Sync`; concurrent lookups are serialised, which is
/// what the rate limit requires anyway.
///
/// ```
/// use ruhrmap::geocode::NominatimClient;
/// let dir = tempfile::tempdir().unwrap();
/// let cache = dir.path().join("geocache.json");
/// std::fs::write(&cache, r#"{"Universitätsstraße 150, 44801 Bochum": {"lon": 7.2627, "lat": 51.4452, "display_name": "RUB"}}"#).unwrap();
/// // nothing listens on port 9; the cache answers without a request
/// let client = NominatimClient::new("http://127.0.0.1:9").unwrap().with_cache(&cache).unwrap();
/// let p = client.lookup("Universitätsstraße 150,  44801 Bochum").unwrap().unwrap();
/// assert_eq!((p.x, p.y), (7.2627, 51.4452));
/// assert_eq!(client.requests_made(), 0);
/// ```
pub struct NominatimClient {
    search_url: String,
    agent: ureq::Agent,
    min_interval: Duration,
    country_codes: String,
    cache_path: Option<PathBuf>,
    state: Mutex<State>,
}

/// The default pause between requests (the public Nominatim allows one per second).
pub const DEFAULT_MIN_INTERVAL: Duration = Duration::from_secs(1);

impl NominatimClient {
    /// A client for the service at `base_url` (e.g.
    /// `https://nominatim.openstreetmap.org` or `http://localhost:8080`);
    /// `/search` is appended unless the URL already ends in it.
    pub fn new(base_url: &str) -> Result<NominatimClient, OnlineError> {
        let url_error = |message: &str| OnlineError::Url {
            url: base_url.to_string(),
            message: message.to_string(),
        };
        let trimmed = base_url.trim().trim_end_matches('/');
        let (scheme, rest) = trimmed
            .split_once("://")
            .ok_or_else(|| url_error("expected http://host[:port][/path] or https://…"))?;
        match scheme {
            "http" => {}
            "https" if cfg!(feature = "online-tls") => {}
            "https" => {
                return Err(url_error(
                    "this build has no TLS support; build with `--features online-tls`, or use a plain-HTTP instance such as a local Nominatim (http://localhost:8080)",
                ));
            }
            _ => return Err(url_error("expected an http:// or https:// URL")),
        }
        let host = rest.split(['/', ':']).next().unwrap_or("");
        if host.is_empty() {
            return Err(url_error("the URL names no host"));
        }
        let search_url = if trimmed.ends_with("/search") {
            trimmed.to_string()
        } else {
            format!("{trimmed}/search")
        };
        let local = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        let mut config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(20)))
            .user_agent(format!(
                "ruhrmap/{} (network maps of project partners; geocoding with a local cache)",
                env!("CARGO_PKG_VERSION")
            ));
        if local {
            // a proxy from the environment must not intercept the loopback
            config = config.proxy(None);
        }
        Ok(NominatimClient {
            search_url,
            agent: config.build().into(),
            min_interval: DEFAULT_MIN_INTERVAL,
            country_codes: "de".to_string(),
            cache_path: None,
            state: Mutex::new(State {
                cache: BTreeMap::new(),
                last_request: None,
                requests: 0,
                changed: false,
                disabled: None,
            }),
        })
    }

    /// Uses `path` as the cache: loads it if it exists; [`NominatimClient::save_cache`]
    /// writes it back.
    pub fn with_cache(mut self, path: &Path) -> Result<NominatimClient, OnlineError> {
        let cache = match std::fs::read_to_string(path) {
            Ok(text) if text.trim().is_empty() => BTreeMap::new(),
            Ok(text) => serde_json::from_str(&text).map_err(|source| OnlineError::CacheFormat {
                path: path.to_path_buf(),
                line: source.line() as u64,
                source,
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(source) => {
                return Err(OnlineError::CacheIo {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        self.state
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .cache = cache;
        self.cache_path = Some(path.to_path_buf());
        Ok(self)
    }

    /// Sets the pause between two requests (default one second).
    pub fn with_min_interval(mut self, interval: Duration) -> NominatimClient {
        self.min_interval = interval;
        self
    }

    /// Restricts results to these ISO country codes (default `de`; empty for none).
    pub fn with_country_codes(mut self, codes: &str) -> NominatimClient {
        self.country_codes = codes.to_string();
        self
    }

    /// The position of the first result for `query`, from the cache or the
    /// service; `Ok(None)` if the service knows no such place.
    pub fn lookup(&self, query: &str) -> Result<Option<Coord<f64>>, OnlineError> {
        let key = cache_key(query);
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(cached) = state.cache.get(&key) {
            return Ok(cached.as_ref().map(|p| Coord { x: p.lon, y: p.lat }));
        }
        if let Some(first) = &state.disabled {
            return Err(OnlineError::Disabled {
                first: first.clone(),
            });
        }
        let pause = pause_needed(
            state.last_request.map(|last| last.elapsed()),
            self.min_interval,
        );
        if !pause.is_zero() {
            std::thread::sleep(pause);
        }
        let result = self.request(&key);
        state.last_request = Some(Instant::now());
        state.requests += 1;
        match result {
            Ok(place) => {
                let position = place.as_ref().map(|p| Coord { x: p.lon, y: p.lat });
                state.cache.insert(key, place);
                state.changed = true;
                Ok(position)
            }
            Err(e) => {
                // a transport failure (not an HTTP status) means the service is unreachable
                if let OnlineError::Http { source, .. } = &e
                    && !matches!(**source, ureq::Error::StatusCode(_))
                {
                    state.disabled = Some(e.to_string());
                }
                Err(e)
            }
        }
    }

    fn request(&self, query: &str) -> Result<Option<CachedPlace>, OnlineError> {
        let http_error = |source: ureq::Error| OnlineError::Http {
            url: self.search_url.clone(),
            source: Box::new(source),
        };
        let mut request = self
            .agent
            .get(&self.search_url)
            .query("q", query)
            .query("format", "jsonv2")
            .query("limit", "1");
        if !self.country_codes.is_empty() {
            request = request.query("countrycodes", &self.country_codes);
        }
        let body = request
            .call()
            .map_err(http_error)?
            .body_mut()
            .read_to_string()
            .map_err(http_error)?;
        let response_error = |message: String| OnlineError::Response {
            url: self.search_url.clone(),
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(&body).map_err(|e| response_error(format!("not JSON: {e}")))?;
        let list = value
            .as_array()
            .ok_or_else(|| response_error("expected a JSON array".to_string()))?;
        let Some(first) = list.first() else {
            return Ok(None);
        };
        // Nominatim writes coordinates as strings; accept numbers too
        let number = |field: &str| -> Option<f64> {
            match first.get(field)? {
                serde_json::Value::String(s) => s.trim().parse().ok(),
                serde_json::Value::Number(n) => n.as_f64(),
                _ => None,
            }
        };
        let (Some(lon), Some(lat)) = (number("lon"), number("lat")) else {
            return Err(response_error(
                "the first result has no numeric lon/lat".to_string(),
            ));
        };
        if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
            return Err(response_error(format!(
                "lon {lon}, lat {lat} is not a WGS84 position"
            )));
        }
        let display_name = first
            .get("display_name")
            .and_then(|d| d.as_str())
            .unwrap_or("")
            .to_string();
        Ok(Some(CachedPlace {
            lon,
            lat,
            display_name,
        }))
    }

    /// Writes the cache file (atomically; keys sorted, two-space indentation,
    /// a final newline) if it has changed. Returns whether it was written.
    pub fn save_cache(&self) -> Result<bool, OnlineError> {
        let Some(path) = &self.cache_path else {
            return Ok(false);
        };
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !state.changed {
            return Ok(false);
        }
        let mut text = serde_json::to_string_pretty(&state.cache).map_err(|source| {
            OnlineError::CacheFormat {
                path: path.clone(),
                line: 0,
                source,
            }
        })?;
        text.push('\n');
        crate::files::write_bytes_atomically(path, text.as_bytes()).map_err(|e| {
            OnlineError::CacheIo {
                path: path.clone(),
                source: e.source,
            }
        })?;
        state.changed = false;
        Ok(true)
    }

    /// How many requests went to the service so far.
    pub fn requests_made(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .requests
    }
}

/// How long to wait before the next request, given the time since the last
/// one (`None`: no request yet).
fn pause_needed(since_last: Option<Duration>, min_interval: Duration) -> Duration {
    since_last.map_or(Duration::ZERO, |elapsed| {
        min_interval.saturating_sub(elapsed)
    })
}

/// The cache key of a query: whitespace runs and line breaks collapsed, so
/// the same address written over two lines or with double spaces is one entry.
///
/// ```
/// assert_eq!(ruhrmap::geocode::cache_key("  Universitätsstraße 150\r\n44801   Bochum "), "Universitätsstraße 150, 44801 Bochum");
/// ```
pub fn cache_key(query: &str) -> String {
    query
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
        .replace(",,", ",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A stub Nominatim on 127.0.0.1: answers `/search` with one result for
    /// queries containing "Bochum", an empty list otherwise, and records the
    /// request lines.
    struct Stub {
        url: String,
        requests: Arc<Mutex<Vec<String>>>,
        served: Arc<AtomicUsize>,
    }

    fn stub(status: &'static str) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let served = Arc::new(AtomicUsize::new(0));
        let (log, count) = (requests.clone(), served.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                reader.read_line(&mut request_line).unwrap();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap() == 0 || header == "\r\n" {
                        break;
                    }
                }
                let body = if request_line.contains("Bochum") {
                    r#"[{"place_id":1,"lat":"51.4452","lon":"7.2627","display_name":"Ruhr-Universität Bochum"}]"#
                } else {
                    "[]"
                };
                log.lock().unwrap().push(request_line.trim().to_string());
                count.fetch_add(1, Ordering::SeqCst);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Stub {
            url,
            requests,
            served,
        }
    }

    #[test]
    fn queries_the_service_and_caches_answers() {
        let server = stub("200 OK");
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache.json");
        let client = NominatimClient::new(&server.url)
            .unwrap()
            .with_cache(&cache)
            .unwrap()
            .with_min_interval(Duration::from_millis(10));
        let p = client
            .lookup("Universitätsstraße 150, 44801 Bochum")
            .unwrap()
            .unwrap();
        assert_eq!((p.x, p.y), (7.2627, 51.4452));
        assert_eq!(client.lookup("Nirgendwo 1").unwrap(), None);
        // answered from the cache, no third request
        assert_eq!(
            client
                .lookup("Universitätsstraße 150,   44801 Bochum")
                .unwrap(),
            Some(p)
        );
        assert_eq!(server.served.load(Ordering::SeqCst), 2);
        assert_eq!(client.requests_made(), 2);
        let first = server.requests.lock().unwrap()[0].clone();
        assert!(
            first.starts_with("GET /search?q=Universit%C3%A4tsstra%C3%9Fe"),
            "{first}"
        );
        assert!(
            first.contains("format=jsonv2")
                && first.contains("countrycodes=de")
                && first.contains("limit=1"),
            "{first}"
        );
        assert!(client.save_cache().unwrap());
        assert!(
            !client.save_cache().unwrap(),
            "unchanged cache is not rewritten"
        );
        let written = std::fs::read_to_string(&cache).unwrap();
        assert!(written.ends_with("}\n"));
        // sorted keys; the miss is cached as null
        let nirgendwo = written.find("\"Nirgendwo 1\": null").unwrap();
        let uni = written
            .find("\"Universitätsstraße 150, 44801 Bochum\"")
            .unwrap();
        assert!(nirgendwo < uni);
        // a rerun needs no network: the stub is not asked again
        let again = NominatimClient::new(&server.url)
            .unwrap()
            .with_cache(&cache)
            .unwrap();
        assert_eq!(
            again
                .lookup("Universitätsstraße 150, 44801 Bochum")
                .unwrap(),
            Some(p)
        );
        assert_eq!(again.lookup("Nirgendwo 1").unwrap(), None);
        assert_eq!(server.served.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn requests_wait_out_the_minimum_interval() {
        let second = Duration::from_secs(1);
        assert_eq!(pause_needed(None, second), Duration::ZERO);
        assert_eq!(
            pause_needed(Some(Duration::from_millis(300)), second),
            Duration::from_millis(700)
        );
        assert_eq!(
            pause_needed(Some(Duration::from_secs(5)), second),
            Duration::ZERO
        );
        assert_eq!(
            pause_needed(Some(Duration::ZERO), Duration::ZERO),
            Duration::ZERO
        );
    }

    #[test]
    fn http_errors_are_reported_and_not_cached() {
        let server = stub("500 Internal Server Error");
        let client = NominatimClient::new(&server.url)
            .unwrap()
            .with_min_interval(Duration::ZERO);
        let e = client.lookup("Bochum").unwrap_err();
        assert!(matches!(e, OnlineError::Http { .. }), "{e}");
        // an HTTP status does not disable the client: the next row asks again
        assert!(client.lookup("Bochum").is_err());
        assert_eq!(server.served.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn an_unreachable_service_is_tried_once() {
        // bind and drop a listener: nothing listens on the port any more
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = NominatimClient::new(&format!("http://127.0.0.1:{port}"))
            .unwrap()
            .with_min_interval(Duration::ZERO);
        assert!(matches!(
            client.lookup("Bochum"),
            Err(OnlineError::Http { .. })
        ));
        assert!(matches!(
            client.lookup("Essen"),
            Err(OnlineError::Disabled { .. })
        ));
        assert_eq!(client.requests_made(), 1);
    }

    #[test]
    fn urls_are_checked() {
        assert!(NominatimClient::new("localhost:8080").is_err());
        assert!(NominatimClient::new("ftp://example.org").is_err());
        assert!(NominatimClient::new("http://").is_err());
        assert_eq!(
            NominatimClient::new("http://localhost:8080/")
                .unwrap()
                .search_url,
            "http://localhost:8080/search"
        );
        assert_eq!(
            NominatimClient::new("http://h/nominatim/search")
                .unwrap()
                .search_url,
            "http://h/nominatim/search"
        );
        if !cfg!(feature = "online-tls") {
            let e = NominatimClient::new("https://nominatim.openstreetmap.org")
                .err()
                .unwrap();
            assert!(e.to_string().contains("online-tls"), "{e}");
        }
    }

    #[test]
    fn a_broken_cache_file_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache.json");
        std::fs::write(&cache, "{\n\"Bochum\": \"51.48, 7.21\"\n}").unwrap();
        match NominatimClient::new("http://localhost:1")
            .unwrap()
            .with_cache(&cache)
        {
            Err(OnlineError::CacheFormat { line, .. }) => assert_eq!(line, 2),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("accepted"),
        }
    }
}
