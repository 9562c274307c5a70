//! `status`: the selected account's queued changes and last sync, from the local store.

use serde::Serialize;

use crate::args::Output;
use crate::context::Ctx;
use crate::error::Result;
use crate::output;

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StatusJson {
    pub pending: i64,
    pub conflicts: i64,
    pub rejected: i64,
    pub last_sync: Option<String>,
}

pub async fn run(ctx: &Ctx, format: Output) -> Result<()> {
    let store = ctx.store()?;
    let Some(account) = ctx.local_account().await? else {
        // Nothing synced yet: nothing pending either.
        return match format {
            Output::Json => output::json(&StatusJson {
                pending: 0,
                conflicts: 0,
                rejected: 0,
                last_sync: None,
            }),
            Output::Table => output::write_stdout(&format!(
                "No account here yet for {}.\n{}\n",
                ctx.endpoint,
                output::last_synced(None, chrono::Utc::now())
            )),
        };
    };
    let counts = store.change_counts(account.id).await?;
    let status = StatusJson {
        pending: counts.waiting,
        conflicts: counts.conflicts,
        rejected: counts.rejected,
        last_sync: account.last_sync.clone(),
    };
    if format == Output::Json {
        return output::json(&status);
    }
    let mut text = format!(
        "Account {}: {} on {} ({})\n{}\n",
        account.id,
        account.user_name,
        account.label,
        account.server_url,
        output::last_synced(account.last_sync.as_deref(), chrono::Utc::now()),
    );
    if account.token_expired {
        text.push_str("The server refused the token at the last sync: set TOWER_ACCESS_TOKEN to a valid one.\n");
    } else if let Some(e) = &account.last_error {
        text.push_str(&format!("Last sync failed: {e}\n"));
    }
    text.push_str(&format!(
        "{} pending, {} conflicts, {} rejected\n",
        status.pending, status.conflicts, status.rejected
    ));
    let changes = store.changes(Some(account.id)).await?;
    if !changes.is_empty() {
        let rows: Vec<Vec<String>> = changes
            .iter()
            .map(|c| {
                vec![
                    c.id.to_string(),
                    format!("{:?}", c.state).to_lowercase(),
                    c.summary.clone(),
                    output::cell(c.message.as_deref()),
                ]
            })
            .collect();
        text.push('\n');
        text.push_str(&output::table(
            &["CHANGE", "STATE", "WHAT", "MESSAGE"],
            &rows,
        ));
    }
    let others = store.account_rows().await?;
    if others.len() > 1 {
        text.push_str("\nAccounts here (choose with --account ID):\n");
        for a in others {
            text.push_str(&format!(
                "  {}  {} on {}\n",
                a.id, a.user_name, a.server_url
            ));
        }
    }
    output::write_stdout(&text)
}
