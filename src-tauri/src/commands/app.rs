use towerdesk_core::{AppError, AppState};

use super::Core;

#[tauri::command]
#[specta::specta]
pub async fn get_app_state(core: Core<'_>) -> Result<AppState, AppError> {
    let state = core.app_state().await;
    crate::note_first_screen();
    state
}

/// A page of Seqera's the window may open in the system browser: only these (the window has
/// no opener permission of its own, so a page cannot open any other address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Link {
    /// "Contact us to upgrade" (Settings → Credits): Seqera's contact page.
    ContactUs,
    /// Help → Seqera Platform documentation.
    Documentation,
}

impl Link {
    pub fn url(self) -> &'static str {
        match self {
            Link::ContactUs => "https://seqera.io/contact-us/",
            Link::Documentation => "https://docs.seqera.io/platform-cloud/",
        }
    }
}

/// Opens `link` in the system browser (tauri-plugin-opener).
pub fn open(app: &tauri::AppHandle, link: Link) -> Result<(), AppError> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_url(link.url(), None::<&str>)
        .map_err(|e| {
            AppError::new(
                towerdesk_core::ErrorKind::Internal,
                format!("{} could not be opened in the browser: {e}", link.url()),
            )
        })
}

#[tauri::command]
#[specta::specta]
pub async fn open_link(app: tauri::AppHandle, link: Link) -> Result<(), AppError> {
    open(&app, link)
}
