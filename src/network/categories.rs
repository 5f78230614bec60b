//! The programme's own categories: Handlungsfelder (fields), project
//! statuses, actor types and partner roles are data, not fixed lists.
//!
//! Without a declaration every value is taken as it comes, in order of first
//! appearance, with the value itself as its label (and colours from the
//! figures' palette). A declared list (`[categories]` in the report config)
//! fixes ids, German and English labels, colours and order; a value outside
//! it is then an error naming the declared ones. A value matches a category
//! by its id, either label or an alias, ignoring case, spaces and
//! punctuation (`hf 2` is `HF2`, `laufend` the status labelled "laufend").
//!
//! Roles keep one fixed meaning: the coordination (`coordinator`,
//! `Koordination`, `lead`, …) is exactly one partner per project. Every
//! other role is drawn like a core or a looser partner ([`Role`]): as
//! declared (`style = "core"`), by its name when it is one of the known
//! words (`core`, `Verbundpartner:innen`, `loose`, `weitere`, …), otherwise
//! the first other role like core partners and the rest like looser ones.
//!
//! ```
//! use ruhrmap::network::Categories;
//! use ruhrmap::{Lang, Role};
//! let mut categories: Categories = toml::from_str(r##"
//!     [[fields]]
//!     id = "HF1"
//!     label_de = "Wirtschaft"
//!     color = "#004488"
//!     [[roles]]
//!     id = "Praxispartner"
//!     style = "loose"
//! "##).unwrap();
//! assert_eq!(categories.resolve_field("hf 1").unwrap(), "HF1");
//! let err = categories.resolve_field("Mobilität").unwrap_err();
//! assert_eq!(err.to_string(), "\"Mobilität\" is not a Handlungsfeld: expected HF1");
//! assert_eq!(categories.resolve_role("Koordination").unwrap(), ("coordinator".to_string(), Role::Coordinator));
//! assert_eq!(categories.resolve_role("praxispartner").unwrap().1, Role::Loose);
//! // undeclared lists take values as they come
//! assert_eq!(categories.resolve_status("läuft").unwrap(), "läuft");
//! assert_eq!(categories.statuses.label("läuft", Lang::En), "läuft");
//! ```

use crate::network::vocabulary::{Role, VocabularyError, vocabulary_key};
use crate::text::Lang;
use serde::Deserialize;

/// One category: an id as the tables write it, labels, a colour and, for
/// roles, how partners of it are drawn.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The id, as the tables and exports write it (`HF1`, `running`).
    pub id: String,
    /// The German label for legends and tables; the id when absent.
    #[serde(default)]
    pub label_de: Option<String>,
    /// The English label; the German one when absent.
    #[serde(default)]
    pub label_en: Option<String>,
    /// A colour as `#rrggbb`; the palette's colour for its position when absent.
    #[serde(default)]
    pub color: Option<String>,
    /// Further spellings the tables may use.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Roles only: `coordinator`, `core` or `loose`, how its partners are drawn.
    #[serde(default)]
    pub style: Option<Role>,
}

impl Category {
    /// An undeclared category: just its id.
    pub fn new(id: &str) -> Category {
        Category {
            id: id.to_string(),
            ..Category::default()
        }
    }

    /// The label the author declared in `lang` (English falls back to German).
    pub fn declared_label(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.label_en.as_deref().or(self.label_de.as_deref()),
            Lang::De => self.label_de.as_deref(),
        }
    }

    /// The label in `lang`: the declared one, else the id.
    pub fn label(&self, lang: Lang) -> &str {
        self.declared_label(lang).unwrap_or(&self.id)
    }

    /// Every spelling that names this category, as comparison keys.
    fn keys(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(&self.id)
            .chain(self.label_de.iter())
            .chain(self.label_en.iter())
            .chain(self.aliases.iter())
            .map(|s| vocabulary_key(s))
            .filter(|k| !k.is_empty())
    }

    fn matches(&self, value: &str, key: &str) -> bool {
        self.id == value.trim() || (!key.is_empty() && self.keys().any(|k| k == key))
    }
}

/// The categories of one kind, in declared order or order of first appearance.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(from = "Vec<Category>")]
pub struct CategoryList {
    /// The categories.
    pub items: Vec<Category>,
    /// Whether the list was declared: then no other value is accepted.
    pub declared: bool,
}

impl From<Vec<Category>> for CategoryList {
    fn from(items: Vec<Category>) -> CategoryList {
        CategoryList {
            items,
            declared: true,
        }
    }
}

impl CategoryList {
    /// The category with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Category> {
        self.items.iter().find(|c| c.id == id)
    }

    /// The position of the category with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|c| c.id == id)
    }

    /// The category named by `value`: its id, a label or an alias, ignoring
    /// case and punctuation.
    pub fn find(&self, value: &str) -> Option<&Category> {
        let key = vocabulary_key(value);
        self.items.iter().find(|c| c.matches(value, &key))
    }

    /// The label of the category `id` in `lang`; `id` itself if unknown.
    pub fn label<'a>(&'a self, id: &'a str, lang: Lang) -> &'a str {
        self.get(id).map_or(id, |c| c.label(lang))
    }

    /// The ids, in order.
    pub fn ids(&self) -> Vec<&str> {
        self.items.iter().map(|c| c.id.as_str()).collect()
    }

    /// The id of the category `value` names; an undeclared list takes a new
    /// value as a new category, a declared one rejects it.
    fn resolve(&mut self, value: &str, what: &'static str) -> Result<String, VocabularyError> {
        if let Some(c) = self.find(value) {
            return Ok(c.id.clone());
        }
        if self.declared {
            return Err(self.unknown(value, what));
        }
        let id = value.trim().to_string();
        self.items.push(Category::new(&id));
        Ok(id)
    }

    /// The error for a value outside the declared list, with the closest id.
    fn unknown(&self, value: &str, what: &'static str) -> VocabularyError {
        let key = &vocabulary_key(value);
        let suggestion = self
            .items
            .iter()
            .flat_map(|c| {
                c.keys().map(move |k| {
                    (
                        strsim::normalized_damerau_levenshtein(key, &k),
                        c.id.clone(),
                    )
                })
            })
            .filter(|(score, _)| *score >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id);
        VocabularyError {
            what,
            value: value.to_string(),
            expected: self.items.iter().map(|c| c.id.clone()).collect(),
            suggestion,
        }
    }
}

/// The four kinds of categories of a programme.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Categories {
    /// The Handlungsfelder (`field` column of the projects).
    #[serde(default)]
    pub fields: CategoryList,
    /// The project statuses (`status` column).
    #[serde(default)]
    pub statuses: CategoryList,
    /// The actor types (`actor_type` column of the partners).
    #[serde(default)]
    pub actor_types: CategoryList,
    /// The roles (`role` column of the partners).
    #[serde(default)]
    pub roles: CategoryList,
}

fn is_coordinator(category: &Category) -> bool {
    match category.style {
        Some(style) => style == Role::Coordinator,
        None => Role::named_by_key(&vocabulary_key(&category.id)) == Some(Role::Coordinator),
    }
}

impl Categories {
    /// The id of the Handlungsfeld `value` names.
    pub fn resolve_field(&mut self, value: &str) -> Result<String, VocabularyError> {
        self.fields.resolve(value, "Handlungsfeld")
    }

    /// The id of the status `value` names.
    pub fn resolve_status(&mut self, value: &str) -> Result<String, VocabularyError> {
        self.statuses.resolve(value, "status")
    }

    /// The id of the actor type `value` names.
    pub fn resolve_actor_type(&mut self, value: &str) -> Result<String, VocabularyError> {
        self.actor_types.resolve(value, "actor type")
    }

    /// The id of the role `value` names and how its partners are drawn. The
    /// coordination is always known, declared or not.
    pub fn resolve_role(&mut self, value: &str) -> Result<(String, Role), VocabularyError> {
        let key = vocabulary_key(value);
        let id = match self.roles.find(value) {
            Some(c) => c.id.clone(),
            None if Role::named_by_key(&key) == Some(Role::Coordinator) => {
                return Ok(("coordinator".to_string(), Role::Coordinator));
            }
            None => self.roles.resolve(value, "role")?,
        };
        let style = self.role_style(&id);
        Ok((id, style))
    }

    /// How partners of role `id` are drawn.
    pub fn role_style(&self, id: &str) -> Role {
        let Some(category) = self.roles.get(id) else {
            return Role::Loose;
        };
        if let Some(style) = category.style {
            return style;
        }
        if is_coordinator(category) {
            return Role::Coordinator;
        }
        let key = vocabulary_key(id);
        if let Some(style @ (Role::Core | Role::Loose)) = Role::named_by_key(&key) {
            return style;
        }
        let first_other = self
            .roles
            .items
            .iter()
            .find(|c| !is_coordinator(c) && c.style.is_none());
        if first_other.is_some_and(|c| c.id == id) {
            Role::Core
        } else {
            Role::Loose
        }
    }

    /// The legend label of a drawing style: the declared labels of the roles
    /// drawn so, joined by " / ", else the built-in label of the style.
    ///
    /// ```
    /// use ruhrmap::network::Categories;
    /// use ruhrmap::{Lang, Role};
    /// let c = Categories::default();
    /// assert_eq!(c.role_label(Role::Core, Lang::De), "Verbundpartner:innen");
    /// ```
    pub fn role_label(&self, style: Role, lang: Lang) -> String {
        let labels: Vec<&str> = self
            .roles
            .items
            .iter()
            .filter(|c| self.role_style(&c.id) == style)
            .filter_map(|c| c.declared_label(lang))
            .collect();
        if labels.is_empty() {
            style.label(lang).to_string()
        } else {
            labels.join(" / ")
        }
    }

    /// The label of one role, as a partner's or link's attribute says it: the
    /// label declared for `id`, else the built-in label of a built-in role
    /// (`coordinator`, `core`, `loose`), else `id` as the tables write it.
    ///
    /// ```
    /// use ruhrmap::network::Categories;
    /// use ruhrmap::Lang;
    /// let declared: Categories = toml::from_str(
    ///     "[[roles]]\nid = \"praxis\"\nlabel_de = \"Praxispartner\"\nstyle = \"core\"\n",
    /// ).unwrap();
    /// assert_eq!(declared.role_label_of("praxis", Lang::De), "Praxispartner");
    /// let default = Categories::default();
    /// assert_eq!(default.role_label_of("core", Lang::De), "Verbundpartner:innen");
    /// assert_eq!(default.role_label_of("Beirat", Lang::De), "Beirat");
    /// ```
    pub fn role_label_of(&self, id: &str, lang: Lang) -> String {
        if let Some(label) = self.roles.get(id).and_then(|c| c.declared_label(lang)) {
            return label.to_string();
        }
        match Role::ALL.iter().find(|r| r.as_str() == id) {
            Some(role) => role.label(lang).to_string(),
            None => id.to_string(),
        }
    }

    /// The four lists with their names as the config writes them.
    pub fn lists(&self) -> [(&'static str, &CategoryList); 4] {
        [
            ("fields", &self.fields),
            ("statuses", &self.statuses),
            ("actor_types", &self.actor_types),
            ("roles", &self.roles),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undeclared_values_come_in_order_of_first_appearance() {
        let mut c = Categories::default();
        for v in ["Klima", "Bildung", "klima", "Arbeit"] {
            c.resolve_field(v).unwrap();
        }
        assert_eq!(c.fields.ids(), ["Klima", "Bildung", "Arbeit"]);
        assert_eq!(c.fields.label("Bildung", Lang::De), "Bildung");
    }

    #[test]
    fn declared_lists_reject_other_values_with_a_suggestion() {
        let mut c: Categories =
            toml::from_str("[[statuses]]\nid = \"running\"\nlabel_de = \"laufend\"\n[[statuses]]\nid = \"finished\"\nlabel_de = \"abgeschlossen\"\n").unwrap();
        assert_eq!(c.resolve_status("Laufend").unwrap(), "running");
        let err = c.resolve_status("abgeschlosen").unwrap_err();
        assert_eq!(err.suggestion.as_deref(), Some("finished"));
        assert_eq!(err.expected, ["running", "finished"]);
        assert!(
            err.to_string().contains("did you mean \"finished\""),
            "{err}"
        );
        assert_eq!(c.statuses.ids(), ["running", "finished"]);
    }

    #[test]
    fn roles_default_to_core_then_loose() {
        let mut c = Categories::default();
        assert_eq!(c.resolve_role("Lead").unwrap().1, Role::Coordinator);
        assert_eq!(c.resolve_role("Praxis").unwrap().1, Role::Core);
        assert_eq!(c.resolve_role("Beirat").unwrap().1, Role::Loose);
        assert_eq!(c.resolve_role("weitere").unwrap().1, Role::Loose);
        // known words keep their style whatever comes first
        let mut c = Categories::default();
        assert_eq!(c.resolve_role("loose").unwrap().1, Role::Loose);
        assert_eq!(c.resolve_role("core").unwrap().1, Role::Core);
        assert_eq!(
            c.role_label(Role::Loose, Lang::De),
            "weitere Kooperationspartner:innen"
        );
    }

    #[test]
    fn declared_role_styles_and_labels_reach_the_legend() {
        let c: Categories = toml::from_str(
            "[[roles]]\nid = \"A\"\nlabel_de = \"Anwender\"\nstyle = \"loose\"\n[[roles]]\nid = \"B\"\nlabel_de = \"Beirat\"\n[[roles]]\nid = \"C\"\nlabel_de = \"Casus\"\n",
        )
        .unwrap();
        assert_eq!(c.role_style("A"), Role::Loose);
        assert_eq!(c.role_style("B"), Role::Core);
        assert_eq!(c.role_style("C"), Role::Loose);
        assert_eq!(c.role_label(Role::Loose, Lang::De), "Anwender / Casus");
        assert_eq!(c.role_label(Role::Core, Lang::En), "Beirat");
    }
}
