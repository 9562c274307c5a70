//! A guard for paged listings: a server that never ends a listing must not make a sync page
//! forever. Seen in trials against mutated real responses: a server that returns the same full
//! page at every offset, and one that sends full pages of new ids with a huge or absent
//! `totalSize` (one ran past 3,400 requests and offset 340,900 on `/labels`, `/pipelines`,
//! participants and `/workflow`).
//!
//! Both paging loops (the client's [`crate::collect_all`] and the sync's page-by-page writes) ask
//! [`ListingGuard::after_full_page`] before they ask for the next page.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

use crate::error::{ApiError, ApiErrorKind, Result};

/// Far above the largest real listing (the `large` scenario's biggest is a few thousand items; a
/// busy workspace's runs may reach hundreds of thousands), and still a bound: 10,000 pages.
pub const MAX_LISTING_ITEMS: usize = 1_000_000;

/// What a listing has brought so far.
#[derive(Debug, Default)]
pub struct ListingGuard {
    seen: HashSet<u64>,
    items: usize,
    max_items: usize,
}

impl ListingGuard {
    pub fn new() -> Self {
        Self::with_max_items(MAX_LISTING_ITEMS)
    }

    /// A guard with another cap (tests).
    pub fn with_max_items(max_items: usize) -> Self {
        Self {
            seen: HashSet::new(),
            items: 0,
            max_items,
        }
    }

    /// Called with a full page, before the next one is asked for. An error when the page brought
    /// nothing not already seen in this listing (the server repeats itself, and asking further
    /// would never end) or when the listing passed the cap. Either is a clear error, not the end
    /// of the listing: a listing that did not end is not complete, so nothing is taken as deleted.
    pub fn after_full_page<T: Serialize>(&mut self, items: &[T], offset: u32) -> Result<()> {
        let mut new = 0usize;
        for item in items {
            if fingerprint(item).is_none_or(|f| self.seen.insert(f)) {
                new += 1;
            }
        }
        self.items += items.len();
        if new == 0 && !items.is_empty() {
            return Err(ApiError::new(
                ApiErrorKind::Decode,
                format!(
                    "The server sent a page it had already sent (offset {offset}): Towerdesk stopped reading this listing, which would otherwise never end."
                ),
            ));
        }
        if self.items >= self.max_items {
            return Err(ApiError::new(
                ApiErrorKind::Decode,
                format!(
                    "The server kept sending pages past {} items (offset {offset}): Towerdesk stopped reading this listing.",
                    self.max_items
                ),
            ));
        }
        Ok(())
    }
}

/// The item as the server sent it (as decoded), hashed: two items with the same fields are the
/// same item. Models are plain data; one that could not be serialized counts as new (None).
fn fingerprint<T: Serialize>(item: &T) -> Option<u64> {
    let bytes = serde_json::to_vec(item).ok()?;
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Item {
        id: u32,
    }

    fn page(from: u32) -> Vec<Item> {
        (from..from + 100).map(|id| Item { id }).collect()
    }

    #[test]
    fn new_pages_go_on_a_repeated_page_stops_with_a_clear_error() {
        let mut g = ListingGuard::new();
        assert!(g.after_full_page(&page(0), 0).is_ok());
        assert!(g.after_full_page(&page(100), 100).is_ok());
        // Half old, half new: still a listing that moves on.
        assert!(g.after_full_page(&page(150), 200).is_ok());
        let e = g.after_full_page(&page(0), 300).unwrap_err();
        assert_eq!(e.kind(), ApiErrorKind::Decode);
        assert!(
            e.message().contains("already sent (offset 300)"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn endless_new_pages_stop_at_the_cap() {
        let mut g = ListingGuard::with_max_items(1_000);
        let mut offset = 0;
        let e = loop {
            match g.after_full_page(&page(offset), offset) {
                Ok(()) => offset += 100,
                Err(e) => break e,
            }
        };
        assert_eq!(offset, 900, "the tenth page reaches 1,000 items");
        assert!(e.message().contains("past 1000 items"), "{}", e.message());
    }
}
