//! The Open311 GeoReport v2 API (`/open311/v2/`) against every rule of the specification
//! summary (../shared/spec/open311.md) and mySociety's `servicerequestupdates`, in XML and in
//! JSON, on every backend; `conformance.rs` checks every answer against JSON Schemas of
//! GeoReport v2 (`open311/schemas/`), and XML against the same schemas' element names.

#![allow(clippy::unwrap_used)]

mod support;

#[path = "open311/conformance.rs"]
mod conformance;
#[path = "open311/doc.rs"]
mod doc;
#[path = "open311/errors.rs"]
mod errors;
#[path = "open311/fixtures.rs"]
mod fixtures;
#[path = "open311/listing.rs"]
mod listing;
#[path = "open311/posting.rs"]
mod posting;
#[path = "open311/reading.rs"]
mod reading;
#[path = "open311/updates.rs"]
mod updates;
