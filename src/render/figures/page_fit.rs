//! Fitting a figure to its maximum page height: the one policy both figure
//! kinds follow when a laid-out page is too tall.

use crate::render::figures::dimensions::{MIN_MAP_HEIGHT, PAGE_FIT_TOLERANCE};

/// How a page is laid out: the legend beside the map(s) or below, and the
/// tallest a map may be (as wide as the page allows when `None`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PagePlan {
    /// The legend stands right of the map(s).
    pub legend_right: bool,
    /// The tallest a map frame (or a panel's map) may be, mm.
    pub max_map_h: Option<f64>,
    /// The legend is placed automatically (`legend = "auto"`).
    auto: bool,
    /// Beside the map has been tried already.
    tried_beside: bool,
}

/// What to do after laying out a page with a [`PagePlan`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum FitStep {
    /// The page fits its height.
    Fits,
    /// Lay it out again with the changed plan.
    Retry,
    /// No plan fits: the maps would have to be lower than [`MIN_MAP_HEIGHT`].
    TooShort,
}

impl PagePlan {
    /// The first plan: the legend beside the map if the style says so,
    /// below it otherwise (also when placed automatically).
    pub(crate) fn new(legend_right: bool, auto: bool) -> PagePlan {
        PagePlan {
            legend_right,
            max_map_h: None,
            auto,
            tried_beside: false,
        }
    }

    /// The next step after a layout `excess` mm taller than allowed, whose
    /// maps are `map_h` high, `rows` of them stacked. With the legend placed
    /// automatically: below, then beside, then the maps lower; a legend too
    /// long to stand beside the maps goes below again with lower maps.
    pub(crate) fn step(&mut self, excess: f64, map_h: f64, rows: f64) -> FitStep {
        if excess <= PAGE_FIT_TOLERANCE {
            return FitStep::Fits;
        }
        if self.auto && !self.tried_beside {
            self.tried_beside = true;
            self.legend_right = true;
            return FitStep::Retry;
        }
        let target = map_h - excess / rows.max(1.0);
        if target >= MIN_MAP_HEIGHT {
            self.max_map_h = Some(target);
            FitStep::Retry
        } else if self.auto && self.legend_right {
            self.legend_right = false;
            self.max_map_h = None;
            FitStep::Retry
        } else {
            FitStep::TooShort
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_tries_beside_then_lower_maps_then_below_again() {
        let mut plan = PagePlan::new(false, true);
        assert_eq!(plan.step(0.01, 120.0, 1.0), FitStep::Fits);
        assert_eq!(plan.step(30.0, 120.0, 1.0), FitStep::Retry);
        assert!(plan.legend_right && plan.max_map_h.is_none());
        // two rows of panels share the excess
        assert_eq!(plan.step(30.0, 120.0, 2.0), FitStep::Retry);
        assert_eq!(plan.max_map_h, Some(105.0));
        // beside, the maps would be too low: below again, full height
        assert_eq!(plan.step(90.0, 105.0, 1.0), FitStep::Retry);
        assert_eq!((plan.legend_right, plan.max_map_h), (false, None));
        // below too, they would be: the page is too short
        assert_eq!(plan.step(90.0, 120.0, 1.0), FitStep::TooShort);
    }

    #[test]
    fn a_fixed_legend_only_lowers_the_maps() {
        let mut plan = PagePlan::new(true, false);
        assert_eq!(plan.step(20.0, 100.0, 1.0), FitStep::Retry);
        assert_eq!((plan.legend_right, plan.max_map_h), (true, Some(80.0)));
        assert_eq!(plan.step(70.0, 100.0, 1.0), FitStep::TooShort);
    }
}
