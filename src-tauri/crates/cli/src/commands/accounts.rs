//! `accounts`: the accounts kept on this computer. Tokens go to the OS keyring only; removing an
//! account forgets it here (local data, queued changes, keyring entry) and changes nothing on the server.

use std::io::BufRead;

use serde::Serialize;

use crate::args::{AccountsCmd, Output};
use crate::context::Ctx;
use crate::error::{CliError, Result};
use crate::output;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountJson {
    id: i64,
    server: String,
    user: String,
    email: Option<String>,
    kind: towerdesk_core::AccountKind,
    token_expired: bool,
    last_sync: Option<String>,
}

pub async fn run(ctx: &Ctx, cmd: AccountsCmd) -> Result<()> {
    match cmd {
        AccountsCmd::List { output } => list(ctx, output.output).await,
        AccountsCmd::Add { token_stdin } => add(ctx, token_stdin).await,
        AccountsCmd::Remove { id, yes } => remove(ctx, id, yes).await,
    }
}

async fn list(ctx: &Ctx, format: Output) -> Result<()> {
    let rows: Vec<AccountJson> = ctx
        .store()?
        .account_rows()
        .await
        .map_err(|e| CliError::server(e.to_string()))?
        .into_iter()
        .map(|a| AccountJson {
            id: a.id,
            server: a.server_url,
            user: a.user_name,
            email: a.email,
            kind: a.kind,
            token_expired: a.token_expired,
            last_sync: a.last_sync,
        })
        .collect();
    output::list(
        format,
        &rows,
        &["ID", "SERVER", "USER", "KIND", "LAST SYNC"],
        |a| {
            vec![
                a.id.to_string(),
                a.server.clone(),
                a.user.clone(),
                format!("{:?}", a.kind).to_lowercase(),
                output::cell(a.last_sync.as_deref()),
            ]
        },
    )
}

async fn add(ctx: &Ctx, token_stdin: bool) -> Result<()> {
    let token = if token_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            CliError::user(format!("cannot read the token from standard input: {e}"))
        })?;
        line.trim().to_string()
    } else {
        ctx.env_token().map(str::to_string).unwrap_or_default()
    };
    if token.is_empty() {
        return Err(CliError::user(
            "No access token: pipe it in with --token-stdin, or set TOWER_ACCESS_TOKEN.",
        ));
    }
    let account = ctx.tower.add_account(&ctx.endpoint, &token).await?;
    output::write_stdout(&format!(
        "added: {} on {} (account {}); the token is kept in the OS keyring. Run `towerdesk-cli sync` to fetch its data.\n",
        account.user_name, account.label, account.id
    ))
}

async fn remove(ctx: &Ctx, id: i64, yes: bool) -> Result<()> {
    let store = ctx.store()?;
    let account = store.account_row(id).await.map_err(|_| {
        CliError::user(format!(
            "No account {id} here (see `towerdesk-cli accounts list`)."
        ))
    })?;
    let counts = store
        .change_counts(id)
        .await
        .map_err(|e| CliError::server(e.to_string()))?;
    let unsent = counts.waiting + counts.conflicts + counts.rejected;
    if !yes {
        let lost = if unsent > 0 {
            format!(" {unsent} change(s) made here have not reached the server and would be lost.")
        } else {
            String::new()
        };
        return Err(CliError::user(format!(
            "Not removed: pass --yes to remove {} on {} from this computer.{lost}",
            account.user_name, account.label
        )));
    }
    ctx.tower.remove_account(id).await?;
    output::write_stdout(&format!(
        "removed: {} on {} (local data{}); nothing changed on the server.\n",
        account.user_name,
        account.label,
        if account.kind == towerdesk_core::AccountKind::Keyring {
            " and keyring entry"
        } else {
            ""
        }
    ))
}
