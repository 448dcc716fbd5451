//! The pure WeChat Pay APIv3 protocol: everything needed to speak to the gateway except the
//! network. Nothing here does I/O or reads a clock; times and nonces are parameters, so every
//! function is deterministic and testable without sockets. With `default-features = false`
//! this layer (plus [`api`](crate::api) and [`model`](crate::model)) is the whole crate.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`keys`] (+ private `pem`, `der`) | loading the merchant private key, the WeChat Pay public key, platform certificates |
//! | [`signing`] | the `Authorization` header of a request |
//! | [`verify`] | checking a response's (or notification's) signature |
//! | [`target`] | percent-encoded request-targets, sent and signed byte for byte |
//! | [`headers`] | header names and the values every request carries |
//! | [`endpoint`] | the description of an endpoint ([`endpoint::ApiRequest`]) and how a request is encoded |
//! | [`multipart`] | `multipart/form-data` uploads: the signed `meta` part and the file part |
//! | [`aead`] | the APIv3 key and AES-256-GCM (notifications, certificate downloads) |
//! | [`certificates`] | reading a platform-certificate download (decrypt, load, verify, validity) |
//! | [`notify`] | verifying, decrypting and parsing notifications; what to answer |

pub mod aead;
pub mod certificates;
pub(crate) mod der;
mod encode;
pub mod endpoint;
pub mod headers;
pub mod keys;
pub mod multipart;
pub mod notify;
pub(crate) mod pem;
pub mod signing;
pub mod target;
pub mod verify;
