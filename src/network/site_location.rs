//! Where a partner or a coordination lies as the report counts it: in the
//! study region (and there in the northern Ruhr or the rest), elsewhere in
//! Germany, abroad, or at no known place. The GIS exports and the statistics
//! tables classify every site and link the same way through this module.
//!
//! The northern Ruhr is the `nord` class of the `nord-sued` sub-region preset.
//! For a region that shares no municipality with the Ruhr there is no such
//! split; sites in the region are then simply in the region.

use crate::boundaries::Boundaries;
use crate::boundaries::Municipality;
use crate::boundaries::Region;
use crate::boundaries::{Subregion, SubregionScheme};
use crate::network::model::{Network, Site};
use crate::text::Lang;

/// The id of the northern class in the `nord-sued` preset.
pub const NORTH_CLASS: &str = "nord";

/// The place of a site relative to the study region.
///
/// ```
/// use ruhrmap::network::SiteLocation;
/// assert_eq!(SiteLocation::RegionNorth.id(), "region-north");
/// assert!(SiteLocation::RegionRest.in_region());
/// assert!(!SiteLocation::Abroad.in_region());
/// assert_eq!(SiteLocation::Abroad.label(ruhrmap::Lang::De), "Ausland");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SiteLocation {
    /// In the region, in the northern Ruhr.
    RegionNorth,
    /// In the region, outside the northern Ruhr.
    RegionRest,
    /// In the region, which has no north/south split (not the Ruhr).
    Region,
    /// In a German municipality outside the region.
    OutsideRegion,
    /// Outside Germany (coordinates in no German municipality).
    Abroad,
    /// No location given, or not resolved.
    Unknown,
}

impl SiteLocation {
    /// Every class, in table order.
    pub const ALL: [SiteLocation; 6] = [
        SiteLocation::RegionNorth,
        SiteLocation::RegionRest,
        SiteLocation::Region,
        SiteLocation::OutsideRegion,
        SiteLocation::Abroad,
        SiteLocation::Unknown,
    ];

    /// A stable identifier for exports and tables.
    pub fn id(self) -> &'static str {
        match self {
            SiteLocation::RegionNorth => "region-north",
            SiteLocation::RegionRest => "region-rest",
            SiteLocation::Region => "region",
            SiteLocation::OutsideRegion => "outside-region",
            SiteLocation::Abroad => "abroad",
            SiteLocation::Unknown => "unknown",
        }
    }

    /// Whether the site lies in the study region.
    pub fn in_region(self) -> bool {
        matches!(
            self,
            SiteLocation::RegionNorth | SiteLocation::RegionRest | SiteLocation::Region
        )
    }

    /// A label for tables and exports.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SiteLocation::RegionNorth => lang.pick("Nördliches Ruhrgebiet", "Northern Ruhr"),
            SiteLocation::RegionRest => lang.pick("Übriges Ruhrgebiet", "Rest of the Ruhr"),
            SiteLocation::Region => lang.pick("Region", "Region"),
            SiteLocation::OutsideRegion => lang.pick(
                "außerhalb der Region (Deutschland)",
                "outside the region (Germany)",
            ),
            SiteLocation::Abroad => lang.pick("Ausland", "abroad"),
            SiteLocation::Unknown => lang.pick("ohne bekannten Ort", "no known location"),
        }
    }
}

/// What the exports and tables are computed from: the loaded network and
/// the geography it was geocoded against.
#[derive(Clone, Copy)]
pub struct AnalysisInputs<'a> {
    /// Municipality boundaries.
    pub boundaries: &'a Boundaries,
    /// The study region.
    pub region: &'a Region,
    /// The sub-regions of the report (`[subregions]`).
    pub subregions: &'a SubregionScheme,
    /// The `nord-sued` preset for the region, if the region overlaps the Ruhr.
    pub north_south: Option<&'a SubregionScheme>,
    /// Projects and partners, geocoded.
    pub network: &'a Network,
    /// Language of labels.
    pub lang: Lang,
}

impl<'a> AnalysisInputs<'a> {
    /// The class of a site.
    ///
    /// ```
    /// use ruhrmap::network::{AnalysisInputs, SiteLocation}; use ruhrmap::{Boundaries, Lang, Network, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let ruhr = Region::ruhr(b);
    /// let zonen = SubregionScheme::preset("zonen", &ruhr, b).unwrap();
    /// let north_south = SubregionScheme::preset("nord-sued", &ruhr, b).unwrap();
    /// let network = Network::default();
    /// let inputs = AnalysisInputs {
    ///     boundaries: b, region: &ruhr, subregions: &zonen,
    ///     north_south: Some(&north_south), network: &network, lang: Lang::De,
    /// };
    /// let gelsenkirchen = b.index_of("05513000".parse().unwrap()).unwrap();
    /// let site = ruhrmap::network::Site {
    ///     position: b.point(gelsenkirchen), municipality: Some(gelsenkirchen),
    ///     in_region: true, match_kind: ruhrmap::MatchKind::Exact,
    /// };
    /// assert_eq!(inputs.location(Some(&site)), SiteLocation::RegionNorth);
    /// assert_eq!(inputs.location(None), SiteLocation::Unknown);
    /// ```
    pub fn location(&self, site: Option<&Site>) -> SiteLocation {
        let Some(site) = site else {
            return SiteLocation::Unknown;
        };
        let Some(index) = site.municipality else {
            return SiteLocation::Abroad;
        };
        let ags = self.boundaries.municipalities()[index].ags;
        // membership is decided by the region, not by the flag the geocoder
        // stored, so that exports and tables agree with the region as configured
        if !self.region.contains(ags) {
            return SiteLocation::OutsideRegion;
        }
        match self.north_south {
            None => SiteLocation::Region,
            Some(scheme) => match scheme.of(ags) {
                Some(class) if class.id == NORTH_CLASS => SiteLocation::RegionNorth,
                _ => SiteLocation::RegionRest,
            },
        }
    }

    /// The municipality of a site, if it lies in Germany.
    pub fn municipality(&self, site: Option<&Site>) -> Option<&'a Municipality> {
        site.and_then(|s| s.municipality)
            .map(|i| &self.boundaries.municipalities()[i])
    }

    /// The country (ISO 3166-1 alpha-2) and town of a site: `DE` and its
    /// municipality in Germany; abroad the country it lies in and the
    /// nearest town within reach ([`crate::geocode::abroad_at`]); `None`
    /// for what is not known (no site, at sea).
    ///
    /// ```
    /// use ruhrmap::network::{AnalysisInputs, Network, Site};
    /// use ruhrmap::{Boundaries, Lang, MatchKind, Region, SubregionScheme};
    /// let b = Boundaries::embedded();
    /// let ruhr = Region::ruhr(b);
    /// let zonen = SubregionScheme::preset("zonen", &ruhr, b).unwrap();
    /// let network = Network::default();
    /// let inputs = AnalysisInputs {
    ///     boundaries: b, region: &ruhr, subregions: &zonen,
    ///     north_south: None, network: &network, lang: Lang::De,
    /// };
    /// let bochum = b.index_of("05911000".parse().unwrap()).unwrap();
    /// let site = |municipality, position| Site {
    ///     position, municipality, in_region: false, match_kind: MatchKind::Coordinates,
    /// };
    /// let (country, town) = inputs.country_and_town(Some(&site(Some(bochum), b.point(bochum))));
    /// assert_eq!((country.as_deref(), town.as_deref()), (Some("DE"), Some("Bochum")));
    /// let brussels = geo_types::Coord { x: 4.3525, y: 50.8467 };
    /// let (country, town) = inputs.country_and_town(Some(&site(None, brussels)));
    /// assert_eq!((country.as_deref(), town.as_deref()), (Some("BE"), Some("Brüssel")));
    /// assert_eq!(inputs.country_and_town(None), (None, None));
    /// ```
    pub fn country_and_town(&self, site: Option<&Site>) -> (Option<String>, Option<String>) {
        let Some(site) = site else {
            return (None, None);
        };
        match self.municipality(Some(site)) {
            Some(m) => (
                Some(crate::geocode::GERMANY.to_string()),
                Some(m.name.clone()),
            ),
            None => crate::geocode::abroad_at(site.position),
        }
    }

    /// The report sub-region of a site, if it lies in a classed municipality of the region.
    pub fn subregion(&self, site: Option<&Site>) -> Option<&'a Subregion> {
        self.municipality(site)
            .and_then(|m| self.subregions.of(m.ags))
    }
}
