//! A browser and an API client for the case tests: people registered at the hub and logged in
//! at a node, clerks logged in at a node, form posts as browsers send them, and small real
//! PDF and PNG files.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use tongban_domain::ids::iso7064::mod_11_2_check;

use super::demo;

const PASSWORD: &str = "correct horse battery";

/// The header the case API needs on every change.
pub const API_HEADER: (&str, &str) = ("X-Requested-With", "tongban");

/// Deletes demo folders with `prefix` last changed more than an hour ago. A run of these
/// tests takes minutes, so such a folder belongs to a run that has ended.
pub fn delete_stale_folders(prefix: &str) {
    let Ok(entries) = std::fs::read_dir(env!("CARGO_TARGET_TMPDIR")) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if stale && entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// What a request ended with, after redirects followed by hand.
#[derive(Debug)]
pub struct Visit {
    /// The status of the first response.
    pub first: StatusCode,
    /// The status of the last response.
    pub status: StatusCode,
    /// Where it ended.
    pub url: String,
    /// The last body.
    pub body: String,
}

/// A browser with one cookie jar for every portal; redirects are followed by hand.
pub struct Browser {
    client: Client,
    /// `Accept-Language` sent with every request.
    lang: &'static str,
}

impl Browser {
    /// Starts a browser that asks for Simplified Chinese.
    pub fn new() -> Browser {
        Browser::speaking("zh-CN")
    }

    /// Starts a browser that asks for `lang`.
    pub fn speaking(lang: &'static str) -> Browser {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        Browser { client, lang }
    }

    /// Returns the client, for requests the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url` and follows redirects.
    pub async fn open(&self, url: &str) -> Visit {
        let response = self
            .client
            .get(url)
            .header("accept-language", self.lang)
            .send()
            .await
            .unwrap();
        self.follow(url, response).await
    }

    /// Posts `form` URL-encoded to `url` and follows redirects.
    pub async fn post(&self, url: &str, form: &[(&str, &str)]) -> Visit {
        let response = self
            .client
            .post(url)
            .header("accept-language", self.lang)
            .form(form)
            .send()
            .await
            .unwrap();
        self.follow(url, response).await
    }

    /// Posts `body` as `multipart/form-data` to `url` and follows redirects.
    pub async fn post_multipart(&self, url: &str, body: Multipart) -> Visit {
        let (content_type, bytes) = body.into_parts();
        let response = self
            .client
            .post(url)
            .header("accept-language", self.lang)
            .header(CONTENT_TYPE, content_type)
            .body(bytes)
            .send()
            .await
            .unwrap();
        self.follow(url, response).await
    }

    async fn follow(&self, start: &str, first: Response) -> Visit {
        let first_status = first.status();
        let mut url = start.to_owned();
        let mut response = first;
        for _ in 0..10 {
            if !response.status().is_redirection() {
                break;
            }
            let target = response.headers()[LOCATION].to_str().unwrap().to_owned();
            url = reqwest::Url::parse(&url)
                .unwrap()
                .join(&target)
                .unwrap()
                .to_string();
            response = self
                .client
                .get(&url)
                .header("accept-language", self.lang)
                .send()
                .await
                .unwrap();
        }
        assert!(!response.status().is_redirection(), "too many redirects");
        Visit {
            first: first_status,
            status: response.status(),
            url,
            body: response.text().await.unwrap(),
        }
    }

    /// Sends `request` to the case API with its header, returning status and JSON.
    pub async fn api(&self, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let response = request
            .header(API_HEADER.0, API_HEADER.1)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}: {text}"))
        };
        (status, json)
    }
}

/// Returns a resident ID number of Hangzhou, born 1990-01-01, unique in this test process.
fn next_person() -> (String, String) {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let sequence = NEXT.fetch_add(1, Ordering::Relaxed);
    let body = format!("33010619900101{sequence:03}");
    let check = mod_11_2_check(body.as_bytes()).unwrap();
    (
        format!("{body}{}", char::from(check)),
        format!("1370000{sequence:04}"),
    )
}

/// A person registered at the hub.
pub struct Person {
    /// Their browser, logged in at the hub and at the 浙江 node.
    pub browser: Browser,
    /// Their resident ID number.
    pub resident_id: String,
    /// Their name.
    pub name: String,
}

impl Person {
    /// Registers `name` at the hub and logs in at the 浙江 node through it, in a browser that
    /// asks for `lang`.
    pub async fn register(name: &str, lang: &'static str) -> Person {
        let person = Person::register_at_hub(name, lang).await;
        person.log_in_at_zj().await;
        person
    }

    /// Registers `name` at the hub, which logs them in there, in a browser that asks for
    /// `lang`.
    pub async fn register_at_hub(name: &str, lang: &'static str) -> Person {
        let hub = &demo().hub;
        let browser = Browser::speaking(lang);
        let (resident_id, phone) = next_person();
        let form = browser.open(&format!("{hub}/register")).await;
        let csrf = hidden_value(&form.body, "csrf").unwrap();
        let done = browser
            .post(
                &format!("{hub}/register"),
                &[
                    ("csrf", &csrf),
                    ("name", name),
                    ("resident_id", &resident_id),
                    ("phone", &phone),
                    ("password", PASSWORD),
                    ("password_confirmation", PASSWORD),
                ],
            )
            .await;
        assert!(done.body.contains(name), "registration: {}", done.body);
        Person {
            browser,
            resident_id,
            name: name.to_owned(),
        }
    }

    /// Logs in at the 浙江 node through the hub, whose session is open, so no form is shown.
    pub async fn log_in_at_zj(&self) {
        let zj = &demo().zj;
        let landed = self
            .browser
            .open(&format!("{zj}/login?return_to=/cases"))
            .await;
        assert_eq!(landed.url, format!("{zj}/cases"), "{}", landed.body);
    }
}

/// Logs a clerk in at the staff login of `node` and returns the browser.
pub async fn clerk_browser(node: &str, login: &str, password: &str) -> Browser {
    clerk_browser_speaking("en", node, login, password).await
}

/// Logs a clerk in at the staff login of `node` with a browser whose `Accept-Language` is
/// `lang`.
pub async fn clerk_browser_speaking(
    lang: &'static str,
    node: &str,
    login: &str,
    password: &str,
) -> Browser {
    let browser = Browser::speaking(lang);
    let form = browser.open(&format!("{node}/staff/login")).await;
    let csrf = hidden_value(&form.body, "csrf").unwrap();
    let home = browser
        .post(
            &format!("{node}/staff/login"),
            &[
                ("csrf", &csrf),
                ("login_name", login),
                ("password", password),
            ],
        )
        .await;
    assert_eq!(home.url, format!("{node}/staff"), "{}", home.body);
    browser
}

/// Returns the demo clerk of the 浙江 node, logged in.
pub async fn zj_clerk() -> Browser {
    clerk_browser(&demo().zj, "zj-clerk", &demo().zj_clerk_password).await
}

/// A `multipart/form-data` body as a browser builds it.
pub struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Multipart {
    pub fn new() -> Multipart {
        Multipart {
            boundary: "----tongbanTestBoundary7MA4YWxkTrZu0gW".to_owned(),
            body: Vec::new(),
        }
    }

    /// Adds a text field.
    pub fn text(mut self, name: &str, value: &str) -> Multipart {
        let part = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n",
            self.boundary
        );
        self.body.extend_from_slice(part.as_bytes());
        self
    }

    /// Adds a file with the declared `content_type`.
    pub fn file(
        mut self,
        name: &str,
        file_name: &str,
        content_type: &str,
        content: &[u8],
    ) -> Multipart {
        let head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
             Content-Type: {content_type}\r\n\r\n",
            self.boundary
        );
        self.body.extend_from_slice(head.as_bytes());
        self.body.extend_from_slice(content);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a file input left empty, as browsers send it.
    pub fn empty_file(self, name: &str) -> Multipart {
        self.file(name, "", "application/octet-stream", b"")
    }

    /// Returns the `Content-Type` header and the body.
    pub fn into_parts(mut self) -> (String, Vec<u8>) {
        self.body
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (
            format!("multipart/form-data; boundary={}", self.boundary),
            self.body,
        )
    }
}

/// Returns a small valid PDF with one empty page, its cross-reference table pointing at each
/// object.
pub fn pdf(title: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_owned(),
        format!("<< /Title ({title}) >>"),
    ];
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for byte in bytes {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

/// Returns a valid 2×2 red PNG: signature, IHDR, one IDAT with a stored zlib block, IEND.
pub fn png() -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        out.extend_from_slice(&typed);
        out.extend_from_slice(&crc32(&typed).to_be_bytes());
        out
    };
    let mut header = Vec::new();
    header.extend_from_slice(&2u32.to_be_bytes());
    header.extend_from_slice(&2u32.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    // Each row: filter type 0, then two RGB pixels.
    let raw: Vec<u8> = [0u8, 255, 0, 0, 255, 0, 0].repeat(2);
    let length = u16::try_from(raw.len()).unwrap();
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&length.to_le_bytes());
    zlib.extend_from_slice(&(!length).to_le_bytes());
    zlib.extend_from_slice(&raw);
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &header));
    out.extend(chunk(b"IDAT", &zlib));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// Returns the value of the first hidden input `name` in `html`, with character references
/// decoded.
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let raw = html[start..].split('"').next()?;
    Some(decode(raw))
}

/// Decodes the character references askama writes.
pub fn decode(text: &str) -> String {
    [
        ("&#38;", "&"),
        ("&amp;", "&"),
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&lt;", "<"),
        ("&#60;", "<"),
        ("&gt;", ">"),
        ("&#62;", ">"),
    ]
    .iter()
    .fold(text.to_owned(), |text, (entity, plain)| {
        text.replace(entity, plain)
    })
}

/// Returns the text of the element with id `id`: from after its opening tag to the next `<`.
pub fn text_of(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let start = html.find(&marker)?;
    let rest = &html[start..];
    let open_end = rest.find('>')? + 1;
    let text = rest[open_end..].split('<').next()?;
    Some(decode(text.trim()))
}

/// Returns the part of `html` from `start` to the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} is not in the page"));
    let rest = &html[from..];
    let to = rest.find(end).unwrap_or(rest.len());
    &rest[..to]
}

/// Returns the target of the link whose text is `text`.
pub fn href_of_link(html: &str, text: &str) -> String {
    let end = html
        .find(&format!(">{text}</a>"))
        .unwrap_or_else(|| panic!("no link {text}"));
    let start = html[..end].rfind("href=\"").unwrap() + "href=\"".len();
    decode(html[start..end].split('"').next().unwrap())
}

/// Returns the id of the file input of material `name` on an application form.
pub fn material_input(html: &str, name: &str) -> String {
    for (index, _) in html.match_indices("<label for=\"material-") {
        let rest = &html[index + "<label for=\"".len()..];
        let id = rest.split('"').next().unwrap();
        let label = rest.split('>').nth(1).unwrap_or_default();
        if label.starts_with(&format!("{name} ")) {
            return id.to_owned();
        }
    }
    panic!("no file input for {name}")
}

/// Returns the case id in a case page path such as `/cases/case-…?submitted=1`.
pub fn case_id_of(url: &str) -> String {
    let path = url.split("/cases/").nth(1).unwrap();
    path.split(['?', '/']).next().unwrap().to_owned()
}
