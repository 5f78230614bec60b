//! The arrow of a partner that moved since the baseline, from its old
//! place to its marker, as a change figure's panel holds it.

use crate::boundaries::MunicipalityId;
use crate::render::scene::{Bounds, Item, Point};
use crate::render::symbology as sym;
use geo_types::Coord;

/// The arrow of a moved partner, in page coordinates: from its old place
/// to the rim of its marker.
#[derive(Debug, Clone)]
pub(crate) struct MoveArrow {
    /// Element id: `<project>-moved-<partner id>`.
    pub id: String,
    /// The old place.
    pub from: Point,
    /// The tip, just short of the marker.
    pub to: Point,
    /// The municipality of the old place (boundaries index), named beside
    /// it unless a label of the panel names it already.
    pub from_municipality: Option<MunicipalityId>,
}

impl MoveArrow {
    /// The box of the dot at the old place (labels keep clear of it).
    pub(crate) fn origin_box(&self) -> Bounds {
        let r = sym::MOVE_ORIGIN_RADIUS + 0.1;
        Bounds {
            x0: self.from.x - r,
            y0: self.from.y - r,
            x1: self.from.x + r,
            y1: self.from.y + r,
        }
    }

    /// Points along the arrow, for labels to avoid.
    pub(crate) fn sample(&self) -> Vec<Coord<f64>> {
        (0..=12)
            .map(|k| {
                let t = f64::from(k) / 12.0;
                Coord {
                    x: self.from.x + t * (self.to.x - self.from.x),
                    y: self.from.y + t * (self.to.y - self.from.y),
                }
            })
            .collect()
    }

    /// The arrow as scene items.
    pub(crate) fn items(&self) -> Vec<Item> {
        sym::move_arrow(self.from, self.to, &self.id)
    }
}
