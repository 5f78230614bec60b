//! The seats change map: projects by the seat of their coordination, like
//! the seat map, with the pie slices telling what changed since the
//! baseline instead of the Handlungsfeld: new projects, projects finished
//! or not pursued since, other status changes, unchanged ones, and projects
//! no longer listed (at their baseline seat). It is the seat map's steps on
//! a *seat change network* whose projects carry their change as the field.

use crate::network::{Category, CategoryList, Change, Network, NetworkChange, Project};
use crate::render::figures::change_map::ChangeStates;
use crate::render::figures::figure::{BuiltFigure, FigureBuildError, FigureInputs};
use crate::render::figures::seat_map::SeatMap;
use crate::render::scene::Color;
use crate::render::symbology as sym;
use crate::text::Lang;
use std::collections::BTreeMap;

/// A seats change figure: a seat figure's projects and extent, and the two
/// states it compares.
#[derive(Debug, Clone)]
pub struct SeatsChangeMap<'c> {
    /// Projects, extent, style and language as for a seat figure (its
    /// statuses, field labels and legend title are set when drawing).
    pub map: SeatMap<'c>,
    /// The two states compared.
    pub states: ChangeStates<'c>,
}

/// What happened to a project since the baseline, in legend order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SeatChange {
    New,
    Finished,
    NotPursued,
    OtherStatus,
    Unchanged,
    Dropped,
}

impl SeatChange {
    const ALL: [SeatChange; 6] = [
        SeatChange::New,
        SeatChange::Finished,
        SeatChange::NotPursued,
        SeatChange::OtherStatus,
        SeatChange::Unchanged,
        SeatChange::Dropped,
    ];

    fn label(self, lang: Lang) -> &'static str {
        match self {
            SeatChange::New => lang.pick("neu", "new"),
            SeatChange::Finished => lang.pick("seitdem abgeschlossen", "finished since"),
            SeatChange::NotPursued => {
                lang.pick("seitdem nicht weiterverfolgt", "not pursued since")
            }
            SeatChange::OtherStatus => lang.pick("Status sonst geändert", "other status change"),
            SeatChange::Unchanged => lang.pick("Status unverändert", "status unchanged"),
            SeatChange::Dropped => lang.pick("nicht mehr geführt", "no longer listed"),
        }
    }

    fn color(self) -> Color {
        match self {
            SeatChange::New => sym::CHANGE_NEW,
            SeatChange::Finished => sym::SEAT_FINISHED,
            SeatChange::NotPursued => sym::CHANGE_MOVED,
            SeatChange::OtherStatus => sym::SEAT_OTHER_STATUS,
            SeatChange::Unchanged => sym::SEAT_UNCHANGED,
            SeatChange::Dropped => sym::CHANGE_ENDED,
        }
    }

    /// The change of a project from the statuses at the baseline and now.
    fn of(status: &(Option<String>, Option<String>)) -> SeatChange {
        match status {
            (None, _) => SeatChange::New,
            (Some(_), None) => SeatChange::Dropped,
            (Some(a), Some(b)) if a == b => SeatChange::Unchanged,
            (Some(_), Some(b)) if b == "finished" => SeatChange::Finished,
            (Some(_), Some(b)) if b == "not_pursued" => SeatChange::NotPursued,
            _ => SeatChange::OtherStatus,
        }
    }
}

/// The projects of both states, each once, with its change as its field
/// (the label in `lang`), and the change categories as the fields.
fn seat_change_network(
    baseline: &Network,
    now: &Network,
    change: &NetworkChange,
    lang: Lang,
) -> Network {
    let mut network = Network {
        categories: now.categories.clone(),
        ..Network::default()
    };
    network.categories.fields = CategoryList {
        items: SeatChange::ALL
            .iter()
            .map(|c| Category {
                color: Some(c.color().to_hex()),
                ..Category::new(c.label(lang))
            })
            .collect(),
        declared: true,
    };
    for project in &change.projects {
        let source: Option<&Project> = match (project.now, project.baseline) {
            (Some(k), _) => now.projects.get(k),
            (None, Some(b)) => baseline.projects.get(b),
            (None, None) => None,
        };
        if let Some(p) = source {
            let kind = SeatChange::of(&project.status);
            debug_assert!(project.change != Change::Ended || kind == SeatChange::Dropped);
            network.projects.push(Project {
                field: kind.label(lang).to_string(),
                ..p.clone()
            });
        }
    }
    network
}

impl SeatsChangeMap<'_> {
    /// Builds the figure from the current state in `inputs`.
    pub fn render(&self, inputs: &FigureInputs) -> Result<BuiltFigure, FigureBuildError> {
        let lang = self.map.lang;
        let states = &self.states;
        let network = seat_change_network(states.baseline, inputs.network, states.change, lang);
        let title = format!(
            "{} {}",
            lang.pick("Projekte", "Projects"),
            states.since(lang)
        );
        let labels = BTreeMap::new();
        SeatMap {
            statuses: &[],
            field_labels: &labels,
            fields_title: Some(&title),
            ..self.map.clone()
        }
        .render(&FigureInputs {
            network: &network,
            ..*inputs
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_pairs_give_the_change_of_a_project() {
        let s = |a: Option<&str>, b: Option<&str>| {
            SeatChange::of(&(a.map(String::from), b.map(String::from)))
        };
        assert_eq!(s(None, Some("running")), SeatChange::New);
        assert_eq!(s(Some("running"), None), SeatChange::Dropped);
        assert_eq!(s(Some("running"), Some("running")), SeatChange::Unchanged);
        assert_eq!(s(Some("running"), Some("finished")), SeatChange::Finished);
        assert_eq!(
            s(Some("running"), Some("not_pursued")),
            SeatChange::NotPursued
        );
        assert_eq!(
            s(Some("finished"), Some("running")),
            SeatChange::OtherStatus
        );
    }
}
