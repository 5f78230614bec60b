//! What every figure builder takes and gives: the shared inputs (boundaries,
//! region, sub-regions, network, projected topology, text metrics), the
//! rendered figure (scene plus layout report plus warnings), and the errors.

use crate::boundaries::Boundaries;
use crate::boundaries::Region;
use crate::boundaries::SubregionScheme;
use crate::crs::ProjectionError;
use crate::network::Network;
use crate::render::figures::base_map::ProjectedTopology;
use crate::render::fonts::TextMetrics;
use crate::render::layout::LayoutReport;
use crate::render::scene::Scene;

/// The inputs all figures of a run share.
#[derive(Clone, Copy)]
pub struct FigureInputs<'a> {
    /// Municipality boundaries.
    pub boundaries: &'a Boundaries,
    /// The study region.
    pub region: &'a Region,
    /// The sub-regions the region is shaded by.
    pub subregions: &'a SubregionScheme,
    /// Projects and partners.
    pub network: &'a Network,
    /// The render topology, projected into the figure's CRS.
    pub projected: &'a ProjectedTopology<'a>,
    /// Text measurement with the embedded font.
    pub metrics: &'a TextMetrics,
}

/// A figure built but not yet written.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltFigure {
    /// The figure id (file stem).
    pub id: String,
    /// What to draw.
    pub scene: Scene,
    /// Where everything went.
    pub layout: LayoutReport,
    /// Things the reader of the run should know (unplaced labels that were
    /// allowed, markers that did not fit their municipality, partners without
    /// location, …).
    pub warnings: Vec<String>,
}

impl BuiltFigure {
    /// Labels that could not be placed.
    pub fn unplaced_labels(&self) -> usize {
        self.layout.unplaced_labels.len()
    }

    /// Every collision the layout report counts, as "first ↔ second".
    pub fn collisions(&self) -> Vec<String> {
        self.layout
            .collisions()
            .into_iter()
            .map(|c| format!("{} ↔ {}", c.first, c.second))
            .collect()
    }
}

/// Why a figure could not be built.
#[derive(Debug, thiserror::Error)]
pub enum FigureBuildError {
    /// A coordinate could not be projected into the map CRS.
    #[error("figure {figure}: {source}")]
    Projection {
        /// The figure id.
        figure: String,
        /// The underlying error.
        #[source]
        source: ProjectionError,
    },
    /// The figure names a project the data do not have.
    #[error("figure {figure}: no project {project:?} in the projects table{}", suggestion.as_ref().map(|s| format!(" (did you mean {s:?}?)")).unwrap_or_default())]
    UnknownProject {
        /// The figure id.
        figure: String,
        /// The project id as configured.
        project: String,
        /// The closest known project id.
        suggestion: Option<String>,
    },
    /// A network figure names a project without partners.
    #[error(
        "figure {figure}: project {project:?} has no partners in the partners table, so there is no network to draw (list it in a seat figure instead)"
    )]
    ProjectWithoutPartners {
        /// The figure id.
        figure: String,
        /// The project id.
        project: String,
    },
    /// The page cannot be as low as the style's `max_height_mm`: the
    /// legend and the furniture alone leave no room for a legible map.
    #[error(
        "figure {figure}: max_height_mm = {max_height_mm} is smaller than the legend needs: \
         the page needs at least {fits} mm with a map of the smallest legible height; \
         set max_height_mm = {fits} or more, or shorten the legend (fewer sub-regions, a \
         smaller legend_pt)", fits = needed_mm.ceil()
    )]
    PageTooShort {
        /// The figure id.
        figure: String,
        /// The style's maximum page height (mm).
        max_height_mm: f64,
        /// The least page height the legend and furniture leave possible (mm).
        needed_mm: f64,
    },
    /// The bar chart beside the maps could not be drawn.
    #[error("figure {figure}: {source}")]
    Chart {
        /// The figure id.
        figure: String,
        /// The underlying error.
        #[source]
        source: crate::render::chart::ChartError,
    },
    /// The region has no municipality in the boundaries.
    #[error("figure {figure}: the region {region:?} has no municipality in the boundaries")]
    EmptyRegion {
        /// The figure id.
        figure: String,
        /// The region's name.
        region: String,
    },
}

/// Checks that every id in `projects` exists in `network`, with a suggestion for typos.
pub(crate) fn check_projects(
    figure: &str,
    projects: &[String],
    network: &Network,
) -> Result<(), FigureBuildError> {
    for id in projects {
        if network.project(id).is_none() {
            let suggestion = network
                .projects
                .iter()
                .map(|p| {
                    (
                        strsim::normalized_damerau_levenshtein(
                            &id.to_lowercase(),
                            &p.id.to_lowercase(),
                        ),
                        &p.id,
                    )
                })
                .filter(|(score, _)| *score >= 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
                .map(|(_, p)| p.clone());
            return Err(FigureBuildError::UnknownProject {
                figure: figure.to_string(),
                project: id.clone(),
                suggestion,
            });
        }
    }
    Ok(())
}
