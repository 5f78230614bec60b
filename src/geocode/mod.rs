//! Resolving partner sites to municipalities: coordinates through the
//! locators, place names through the [`Gazetteer`] (exact, normalised,
//! district, postcode, fuzzy), street addresses through an optional
//! Nominatim-compatible service. Every answer says how it was found
//! ([`MatchKind`]).

mod gazetteer;
mod geocoder;
mod match_kind;
mod nominatim;

pub use gazetteer::{Gazetteer, PlaceMatch, Preference};
pub use geocoder::{GERMANY, Geocoder, Resolution, abroad_at};
pub use match_kind::{MATCH_KINDS, MatchKind, MatchKindError};
pub use nominatim::{CachedPlace, DEFAULT_MIN_INTERVAL, NominatimClient, OnlineError, cache_key};
