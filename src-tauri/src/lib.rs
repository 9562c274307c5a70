//! The Towerdesk app: a thin Tauri shell over `towerdesk-core`. It opens the window, registers the
//! plugins and the commands (one file per area in `commands/`), forwards the core's events to the
//! window, and holds no product logic: a command parses its arguments, calls the core and returns
//! its typed result or `AppError`.

mod commands;
mod menu;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use tauri::Manager;
use towerdesk_core::demo::EmulatorDemo;
use towerdesk_core::{Options, Towerdesk};

/// When the process started, for the startup benchmark's "first screen" line.
static STARTED: OnceLock<Instant> = OnceLock::new();

/// What of the window is remembered between starts (tauri-plugin-window-state): size, position,
/// maximised.
fn window_state_flags() -> tauri_plugin_window_state::StateFlags {
    use tauri_plugin_window_state::StateFlags;
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

/// Where the window's size and position are kept: beside the database when `TOWERDESK_DATA_DIR`
/// is set (tests, profiles: each data directory its own window), else the plugin's file in the
/// app's config directory.
fn window_state_file() -> String {
    match std::env::var_os("TOWERDESK_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => std::path::Path::new(&dir)
            .join("window-state.json")
            .to_string_lossy()
            .into_owned(),
        None => tauri_plugin_window_state::DEFAULT_FILENAME.to_string(),
    }
}

/// The plugin saves when the app exits; a crash or `kill -9` would lose a resize. So the state
/// is also saved half a second after the window stops moving or resizing.
fn save_window_state_soon(app: &tauri::AppHandle) {
    static GENERATION: AtomicU64 = AtomicU64::new(0);
    let mine = GENERATION.fetch_add(1, Ordering::SeqCst) + 1;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        if GENERATION.load(Ordering::SeqCst) == mine {
            use tauri_plugin_window_state::AppHandleExt;
            if let Err(e) = app.save_window_state(window_state_flags()) {
                tracing::warn!("the window's size could not be saved: {e}");
            }
        }
    });
}

/// What the core tells its observers, forwarded to the window as it is: `events.coreEvent` in the
/// bindings (see `towerdesk_core::events`).
#[derive(Debug, Clone, serde::Serialize, specta::Type, tauri_specta::Event)]
#[serde(transparent)]
#[specta(transparent, rename = "CoreEventMessage")]
pub struct CoreEvent(pub towerdesk_core::CoreEvent);

/// Every command the window may call and every event it may hear; the TypeScript bindings are
/// generated from these lists.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    use commands::*;
    tauri_specta::Builder::<tauri::Wry>::new()
        .events(tauri_specta::collect_events![CoreEvent, menu::MenuAction])
        .commands(tauri_specta::collect_commands![
            app::get_app_state,
            app::open_link,
            accounts::open_demo,
            accounts::add_account,
            accounts::remove_account,
            accounts::sync_account,
            workspaces::list_organizations,
            workspaces::list_workspaces,
            workspaces::check_workspace_input,
            workspaces::create_workspace,
            workspaces::update_workspace,
            workspaces::delete_workspace,
            workspaces::focus_workspace,
            launchpad::list_pipelines,
            launchpad::list_compute_envs,
            launchpad::make_primary_compute_env,
            launch::launch_form,
            launch::relaunch_form,
            launch::save_launch_draft,
            launch::check_run_params,
            launch::launch,
            pipelines::check_pipeline_input,
            pipelines::get_pipeline_form,
            pipelines::save_pipeline_draft,
            pipelines::list_pipeline_drafts,
            pipelines::discard_pipeline_draft,
            pipelines::publish_pipeline_draft,
            pipelines::delete_pipeline,
            runs::list_runs,
            runs::get_run,
            runs::refresh_run,
            runs::refresh_active_runs,
            runs::cancel_run,
            participants::list_participants,
            participants::list_participant_candidates,
            participants::add_participant,
            participants::change_participant_role,
            participants::remove_participant,
            settings::get_workspace_settings,
            settings::check_label_input,
            settings::create_label,
            settings::update_label,
            settings::delete_label,
            settings::update_studios_settings,
            search::search,
            launchpad::list_credentials,
            actions::list_actions,
            org_people::list_org_people,
            credits::credits_report,
            credits::workspace_credits,
            credits::list_budgets,
            credits::set_budget,
            credits::remove_budget,
            credits::set_org_credits,
            credits::clear_org_credits,
            credits::export_credits_csv,
            credits::locate_runs,
            changes::list_changes,
            changes::retry_change,
            changes::edit_change,
            changes::discard_change,
        ])
}

/// The TypeScript exporter settings: integers are JS numbers (ids stay below 2^53).
pub fn typescript() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default()
        .bigint(specta_typescript::BigIntExportBehavior::Number)
        .header("// Generated by tauri-specta from the Rust commands (src-tauri/src/commands). Do not edit: run `make bindings`.\n// @ts-nocheck")
}

pub fn run() {
    let _ = STARTED.set(Instant::now());
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TOWERDESK_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    let builder = specta_builder();
    let result = tauri::Builder::default()
        // First, as the plugin asks: a second start on the same data directory focuses this
        // window and exits.
        .plugin(single_instance())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(window_state_flags())
                .with_filename(window_state_file())
                .build(),
        )
        .menu(menu::build)
        .on_menu_event(|app, event| {
            use tauri_specta::Event;
            if event.id().as_ref() == menu::DOCUMENTATION {
                if let Err(e) = commands::app::open(app, commands::app::Link::Documentation) {
                    tracing::warn!("{}", e.message);
                }
            } else if let Some(action) = menu::MenuAction::from_id(event.id().as_ref())
                && let Err(e) = action.emit(app)
            {
                tracing::warn!("a menu action could not reach the window: {e}");
            }
        })
        .on_window_event(|window, event| {
            if matches!(event, tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_)) {
                save_window_state_soon(window.app_handle());
            }
        })
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let default_dir = app.path().app_data_dir()?;
            let data_dir = towerdesk_core::data_dir(default_dir);
            // The built-in demo is handed to the core here: the core itself ships no server.
            let options = Options { demo: Some(Arc::new(EmulatorDemo)), ..Options::new(data_dir) };
            let tower: Arc<Towerdesk> = tauri::async_runtime::block_on(Towerdesk::open(options));
            // Subscribed before any sync starts, so the window hears of every one.
            forward_events(app.handle().clone(), &tower);
            if let (Ok(token), endpoint) = (std::env::var("TOWER_ACCESS_TOKEN"), std::env::var("TOWER_API_ENDPOINT")) {
                let tower = Arc::clone(&tower);
                let endpoint = endpoint.unwrap_or_default();
                tauri::async_runtime::spawn(async move {
                    match tower.use_environment_token(&endpoint, &token).await {
                        Ok(account) => tower.spawn_sync(account.id),
                        Err(e) => tracing::warn!(kind = ?e.kind, "TOWER_ACCESS_TOKEN could not be used: {}", e.message),
                    }
                });
            }
            {
                // Sync at start and every few minutes; queued changes are retried sooner.
                let tower = Arc::clone(&tower);
                tauri::async_runtime::spawn(async move {
                    tower.start_background_sync(std::time::Duration::from_secs(300));
                });
            }
            app.manage(tower);
            Ok(())
        })
        .build(tauri::generate_context!());
    match result {
        Err(e) => {
            eprintln!("Towerdesk could not start: {e}");
            std::process::exit(1);
        }
        Ok(app) => app.run(|app, event| {
            // On the way out, the store runs `PRAGMA optimize` and closes (Store::close).
            if let tauri::RunEvent::Exit = event
                && let Some(tower) = app.try_state::<Arc<Towerdesk>>()
                && let Ok(store) = tower.store()
            {
                tauri::async_runtime::block_on(store.close());
            }
        }),
    }
}

/// Forwards the core's events to the window until the core goes away. A forwarder that fell
/// behind and missed some sends `everything` instead, so the window reloads what it shows.
fn forward_events(app: tauri::AppHandle, tower: &Towerdesk) {
    use tauri_specta::Event;
    use tokio::sync::broadcast::error::RecvError;
    let mut events = tower.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let event = match events.recv().await {
                Ok(event) => event,
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(
                        missed,
                        "the window missed core events: it reloads everything"
                    );
                    towerdesk_core::CoreEvent::Everything
                }
                Err(RecvError::Closed) => return,
            };
            if let towerdesk_core::CoreEvent::RunFinished {
                run_name,
                status,
                workspace_ref,
                ..
            } = &event
            {
                notify_run_finished(&app, run_name, status, workspace_ref);
            }
            if let towerdesk_core::CoreEvent::BudgetCrossed { title, body, .. }
            | towerdesk_core::CoreEvent::TokenExpired { title, body, .. } = &event
            {
                notify(&app, title, body);
            }
            if let Err(e) = CoreEvent(event).emit(&app) {
                tracing::warn!("a core event could not reach the window: {e}");
            }
        }
    });
}

/// A second start focuses the first window (tauri-plugin-single-instance). One instance per data
/// directory: on Linux, where the plugin names a D-Bus service, a `TOWERDESK_DATA_DIR` of its own
/// gets a name of its own, so a test's or a second store's app runs beside the user's.
fn single_instance() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| {
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.unminimize();
            let _ = w.show();
            let _ = w.set_focus();
        }
    });
    match single_instance_id(std::env::var_os("TOWERDESK_DATA_DIR").as_deref()) {
        Some(id) => builder.dbus_id(id).build(),
        None => builder.build(),
    }
}

/// The D-Bus name of the instance on `data_dir` (None: the app's identifier, the default).
fn single_instance_id(data_dir: Option<&std::ffi::OsStr>) -> Option<String> {
    use std::hash::{Hash, Hasher};
    let dir = data_dir.filter(|d| !d.is_empty())?;
    // FNV-1a: stable across builds (std's default hasher is seeded per process).
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    dir.hash(&mut h);
    Some(format!("io.towerdesk.app.d{:016x}", h.finish()))
}

/// Prints the time from start to the window's first request for state, once, when
/// `TOWERDESK_STARTUP_LOG` is set (read by `make bench`).
pub(crate) fn note_first_screen() {
    static NOTED: OnceLock<()> = OnceLock::new();
    startup_note(&NOTED, "first screen", "");
}

/// Prints the time from start to the first Launchpad the window is given (the first screen with
/// data), once, when `TOWERDESK_STARTUP_LOG` is set (read by `make bench`).
pub(crate) fn note_first_data(pipelines: usize) {
    static NOTED: OnceLock<()> = OnceLock::new();
    startup_note(&NOTED, "first data", &format!(" ({pipelines} pipelines)"));
}

/// "towerdesk: WHAT after N ms[DETAIL]" on stderr, the first time for `noted`.
fn startup_note(noted: &OnceLock<()>, what: &str, detail: &str) {
    if std::env::var_os("TOWERDESK_STARTUP_LOG").is_some()
        && noted.set(()).is_ok()
        && let Some(start) = STARTED.get()
    {
        eprintln!(
            "towerdesk: {what} after {} ms{detail}",
            start.elapsed().as_millis()
        );
    }
}

/// A desktop notification that a run launched from here finished (tauri-plugin-notification). A
/// system without a notification service only logs it: the Runs list says the same.
fn notify_run_finished(app: &tauri::AppHandle, run_name: &str, status: &str, workspace_ref: &str) {
    let (title, body) = run_finished_words(run_name, status, workspace_ref);
    notify(app, &title, &body);
}

/// A desktop notification; where the system has none, a line in the log says so.
fn notify(app: &tauri::AppHandle, title: &str, body: &str) {
    use tauri_plugin_notification::NotificationExt;
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::info!("no desktop notification for {title} ({e})");
    }
}

/// The notification's title and body, in the Platform's words for a run's status.
fn run_finished_words(run_name: &str, status: &str, workspace_ref: &str) -> (String, String) {
    let how = match status {
        "succeeded" => "Succeeded",
        "failed" => "Failed",
        "cancelled" => "Cancelled",
        _ => "Unknown",
    };
    (
        format!("{run_name}: {how}"),
        format!("The run you launched in {workspace_ref} has ended."),
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn one_instance_per_data_directory() {
        use std::ffi::OsStr;
        assert_eq!(super::single_instance_id(None), None);
        assert_eq!(super::single_instance_id(Some(OsStr::new(""))), None);
        let a = super::single_instance_id(Some(OsStr::new("/tmp/a"))).unwrap();
        let b = super::single_instance_id(Some(OsStr::new("/tmp/b"))).unwrap();
        assert_ne!(a, b);
        // The same directory, the same name (in every process: the hash is not seeded).
        assert_eq!(
            super::single_instance_id(Some(OsStr::new("/tmp/a"))).unwrap(),
            a
        );
        // A D-Bus name: dot-separated elements of letters, digits and '_', none starting with a digit.
        assert!(a.starts_with("io.towerdesk.app.d"), "{a}");
        assert!(a.split('.').all(|e| !e.is_empty()
            && !e.starts_with(|c: char| c.is_ascii_digit())
            && e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')));
    }

    #[test]
    fn a_finished_run_is_announced_in_the_platforms_words() {
        for (status, title) in [
            ("succeeded", "grave_williams: Succeeded"),
            ("failed", "grave_williams: Failed"),
            ("cancelled", "grave_williams: Cancelled"),
            ("unknown", "grave_williams: Unknown"),
        ] {
            let (t, body) = super::run_finished_words("grave_williams", status, "acme/production");
            assert_eq!(t, title);
            assert_eq!(body, "The run you launched in acme/production has ended.");
        }
    }

    /// The committed bindings must be what the commands generate: `UPDATE_BINDINGS=1` rewrites them.
    #[test]
    fn bindings_are_current() {
        let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
        let fresh =
            std::env::temp_dir().join(format!("towerdesk-bindings-{}.ts", std::process::id()));
        super::specta_builder()
            .export(super::typescript(), &fresh)
            .expect("export bindings");
        let generated = std::fs::read_to_string(&fresh).unwrap();
        let _ = std::fs::remove_file(&fresh);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed, &generated).unwrap();
            return;
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == generated,
            "ui/src/lib/bindings.ts is out of date with the Rust commands: run `make bindings` and commit it"
        );
    }
}
