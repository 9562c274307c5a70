//! The native menu bar (Tauri's menu API), with the structure each system expects: on macOS the
//! app menu and Edit; File, View, Window and Help everywhere. Items that act on the window's state
//! (open a section, a dialog, the search) are sent to it as a `MenuAction` event, so the window
//! does what its own buttons do; the standard items (copy, paste, minimise, quit...) are the
//! system's own. Every item with a shortcut shows it.

use serde::Serialize;
use tauri::menu::{AboutMetadata, Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Runtime};

/// What a menu item asks of the window (`events.menuAction` in the bindings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub enum MenuAction {
    AddAccount,
    AddWorkspace,
    SyncNow,
    Search,
    Launchpad,
    Runs,
    Actions,
    ComputeEnvs,
    Credentials,
    Participants,
    Settings,
    Credits,
    KeyboardShortcuts,
    /// View → Theme: follow the system, or always light or dark (remembered by the window).
    ThemeSystem,
    ThemeLight,
    ThemeDark,
}

impl MenuAction {
    const ALL: [MenuAction; 16] = [
        Self::AddAccount,
        Self::AddWorkspace,
        Self::SyncNow,
        Self::Search,
        Self::Launchpad,
        Self::Runs,
        Self::Actions,
        Self::ComputeEnvs,
        Self::Credentials,
        Self::Participants,
        Self::Settings,
        Self::Credits,
        Self::KeyboardShortcuts,
        Self::ThemeSystem,
        Self::ThemeLight,
        Self::ThemeDark,
    ];

    /// The menu item's id, label and shortcut.
    fn item(self) -> (&'static str, &'static str, Option<&'static str>) {
        match self {
            Self::AddAccount => ("add-account", "Add Account…", None),
            Self::AddWorkspace => ("add-workspace", "Add Workspace…", None),
            Self::SyncNow => ("sync-now", "Sync Now", Some("CmdOrCtrl+R")),
            Self::Search => ("search", "Search Everything…", Some("CmdOrCtrl+K")),
            Self::Launchpad => ("launchpad", "Launchpad", Some("CmdOrCtrl+1")),
            Self::Runs => ("runs", "Runs", Some("CmdOrCtrl+2")),
            Self::Actions => ("actions", "Actions", Some("CmdOrCtrl+3")),
            Self::ComputeEnvs => ("compute-envs", "Compute Environments", Some("CmdOrCtrl+4")),
            Self::Credentials => ("credentials", "Credentials", Some("CmdOrCtrl+5")),
            Self::Participants => ("participants", "Participants", Some("CmdOrCtrl+6")),
            Self::Settings => ("settings", "Settings", Some("CmdOrCtrl+7")),
            // Numbers 1…7 are the workspace's seven sections, in the sidebar's order; Credits
            // (Towerdesk's own, below them) is in View without one.
            Self::Credits => ("credits", "Credits", None),
            Self::KeyboardShortcuts => ("keyboard-shortcuts", "Keyboard Shortcuts", Some("F1")),
            Self::ThemeSystem => ("theme-system", "System", None),
            Self::ThemeLight => ("theme-light", "Light", None),
            Self::ThemeDark => ("theme-dark", "Dark", None),
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.item().0 == id)
    }
}

/// Help → Seqera Platform Documentation: opened by the shell in the system browser.
pub const DOCUMENTATION: &str = "documentation";

fn item<R: Runtime>(app: &AppHandle<R>, action: MenuAction) -> tauri::Result<MenuItem<R>> {
    let (id, label, accelerator) = action.item();
    MenuItem::with_id(app, id, label, true, accelerator)
}

/// The menu bar.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    use MenuAction::*;
    let about = AboutMetadata {
        name: Some("Towerdesk".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        comments: Some("A desktop client for Seqera Platform".into()),
        ..AboutMetadata::default()
    };
    let sep = || PredefinedMenuItem::separator(app);
    let file = Submenu::with_items(
        app,
        "File",
        true,
        &[
            &item(app, AddAccount)?,
            &item(app, AddWorkspace)?,
            &sep()?,
            &item(app, SyncNow)?,
            &sep()?,
            &PredefinedMenuItem::close_window(app, None)?,
        ],
    )?;
    // Quit is in the app menu on macOS, at the end of File elsewhere.
    #[cfg(not(target_os = "macos"))]
    file.append(&PredefinedMenuItem::quit(app, None)?)?;
    let view = Submenu::with_items(
        app,
        "View",
        true,
        &[
            &item(app, Search)?,
            &sep()?,
            &item(app, Launchpad)?,
            &item(app, Runs)?,
            &item(app, Actions)?,
            &item(app, ComputeEnvs)?,
            &item(app, Credentials)?,
            &item(app, Participants)?,
            &item(app, Settings)?,
            &item(app, Credits)?,
            &sep()?,
            &Submenu::with_items(
                app,
                "Theme",
                true,
                &[
                    &item(app, ThemeSystem)?,
                    &item(app, ThemeLight)?,
                    &item(app, ThemeDark)?,
                ],
            )?,
            &PredefinedMenuItem::fullscreen(app, None)?,
        ],
    )?;
    let window = Submenu::with_items(
        app,
        "Window",
        true,
        &[
            &PredefinedMenuItem::minimize(app, None)?,
            &PredefinedMenuItem::maximize(app, None)?,
        ],
    )?;
    let help = Submenu::with_items(
        app,
        "Help",
        true,
        &[
            &item(app, KeyboardShortcuts)?,
            &MenuItem::with_id(
                app,
                DOCUMENTATION,
                "Seqera Platform Documentation",
                true,
                None::<&str>,
            )?,
            &sep()?,
            &PredefinedMenuItem::about(app, Some("About Towerdesk"), Some(about.clone()))?,
        ],
    )?;
    #[cfg(target_os = "macos")]
    {
        // Edit, with the system's own items: on macOS Cmd+C/V reach a text field only through
        // them. Elsewhere the web view handles Ctrl+C/V itself (GTK would take them from it).
        let edit = Submenu::with_items(
            app,
            "Edit",
            true,
            &[
                &PredefinedMenuItem::undo(app, None)?,
                &PredefinedMenuItem::redo(app, None)?,
                &sep()?,
                &PredefinedMenuItem::cut(app, None)?,
                &PredefinedMenuItem::copy(app, None)?,
                &PredefinedMenuItem::paste(app, None)?,
                &PredefinedMenuItem::select_all(app, None)?,
            ],
        )?;
        let app_menu = Submenu::with_items(
            app,
            "Towerdesk",
            true,
            &[
                &PredefinedMenuItem::about(app, Some("About Towerdesk"), Some(about))?,
                &sep()?,
                &PredefinedMenuItem::services(app, None)?,
                &sep()?,
                &PredefinedMenuItem::hide(app, None)?,
                &PredefinedMenuItem::hide_others(app, None)?,
                &sep()?,
                &PredefinedMenuItem::quit(app, None)?,
            ],
        )?;
        Menu::with_items(app, &[&app_menu, &file, &edit, &view, &window, &help])
    }
    #[cfg(not(target_os = "macos"))]
    {
        let _ = about;
        Menu::with_items(app, &[&file, &view, &window, &help])
    }
}

#[cfg(test)]
mod tests {
    use super::MenuAction;

    #[test]
    fn every_action_has_one_menu_id_and_the_workspace_sections_their_numbers() {
        let mut ids: Vec<&str> = MenuAction::ALL.iter().map(|a| a.item().0).collect();
        for a in MenuAction::ALL {
            assert_eq!(MenuAction::from_id(a.item().0), Some(a));
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), MenuAction::ALL.len(), "ids are unique");
        let numbered: Vec<(MenuAction, &str)> = MenuAction::ALL
            .iter()
            .filter_map(|a| Some((*a, a.item().2?)))
            .filter(|(_, k)| k.starts_with("CmdOrCtrl+") && k.len() == "CmdOrCtrl+1".len())
            .filter(|(_, k)| k.chars().last().is_some_and(|c| c.is_ascii_digit()))
            .collect();
        assert_eq!(
            numbered.iter().map(|n| n.0).collect::<Vec<_>>(),
            [
                MenuAction::Launchpad,
                MenuAction::Runs,
                MenuAction::Actions,
                MenuAction::ComputeEnvs,
                MenuAction::Credentials,
                MenuAction::Participants,
                MenuAction::Settings,
            ],
            "the workspace's sections in the sidebar's order (ui/src/lib/shortcuts.ts)"
        );
        assert_eq!(
            numbered.iter().map(|n| n.1).collect::<Vec<_>>(),
            [
                "CmdOrCtrl+1",
                "CmdOrCtrl+2",
                "CmdOrCtrl+3",
                "CmdOrCtrl+4",
                "CmdOrCtrl+5",
                "CmdOrCtrl+6",
                "CmdOrCtrl+7"
            ]
        );
        assert_eq!(MenuAction::from_id("quit"), None);
    }
}
