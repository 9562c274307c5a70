//! `credits` and `budgets set|list|remove`: the same core calls as the window's Credits
//! dashboard and budgets (issue 12), reading the local store only.

use serde::Serialize;
use towerdesk_core::{CreditsScope, ReportBy};

use crate::args::{BudgetsCmd, ByArg, CreditsArgs, ReportOutput, UnitArg};
use crate::context::Ctx;
use crate::error::{CliError, Result};
use crate::output;

fn by(b: ByArg) -> ReportBy {
    match b {
        ByArg::Workspace => ReportBy::Workspace,
        ByArg::Pipeline => ReportBy::Pipeline,
        ByArg::User => ReportBy::User,
        ByArg::ComputeEnv => ReportBy::ComputeEnv,
        ByArg::Day => ReportBy::Day,
        ByArg::Week => ReportBy::Week,
        ByArg::Month => ReportBy::Month,
    }
}

/// The scope of --workspace or --org (on the CLI's account), or everything.
async fn scope(ctx: &Ctx, workspace: Option<&str>, org: Option<&str>) -> Result<CreditsScope> {
    if let Some(reference) = workspace {
        let account = ctx.account().await?;
        let ws = ctx.workspace(&account, reference).await?;
        return Ok(CreditsScope {
            workspace: Some(ws.id),
            ..CreditsScope::default()
        });
    }
    if let Some(name) = org {
        let account = ctx.account().await?;
        let found = ctx
            .store()?
            .organizations(account.id)
            .await?
            .into_iter()
            .find(|o| o.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                CliError::user(format!(
                    "No organization {name} is kept here: run `towerdesk-cli sync` first, or check the name with `workspaces list`."
                ))
            })?;
        return Ok(CreditsScope {
            workspace: None,
            account_id: Some(account.id),
            org_id: Some(found.org_id),
        });
    }
    Ok(CreditsScope::default())
}

fn amount(v: f64, estimated: f64) -> String {
    if estimated > 0.0 {
        format!("{v:.2} ({estimated:.2} est.)")
    } else {
        format!("{v:.2}")
    }
}

pub async fn report(ctx: &Ctx, args: CreditsArgs) -> Result<()> {
    let scope = scope(ctx, args.workspace.as_deref(), args.org.as_deref()).await?;
    if let Some(n) = args.locate {
        // The reads need the account's token (TOWER_ACCESS_TOKEN, checked with the server).
        ctx.connect().await?;
        let located = ctx.tower.locate_runs(&scope, n).await?;
        output::note(&format!(
            "Read {} runs from the server; {} still not known.",
            located.read, located.left
        ));
        if let Some(why) = located.stopped_by {
            return Err(CliError::server(format!("Stopped: {why}")));
        }
    }
    let r = ctx
        .tower
        .credits_report(
            &scope,
            args.from.as_deref(),
            args.to.as_deref(),
            by(args.by),
            args.tz.as_deref(),
        )
        .await?;
    match args.output {
        ReportOutput::Json => output::json(&r.rows),
        ReportOutput::Csv => output::write_stdout(&towerdesk_core::credits::report_csv(&r.rows)),
        ReportOutput::Table => {
            output::note(&output::last_synced(
                r.last_synced.as_deref(),
                chrono::Utc::now(),
            ));
            let t = &r.total;
            output::note(&format!(
                "Total: {} credits (Seqera Compute), {} USD cloud cost{}; {} runs",
                amount(t.credits, t.credits_estimated),
                amount(t.cloud_cost, t.cloud_cost_estimated),
                if t.unknown_cost > 0.0 {
                    format!(
                        ", {} on compute environments not known yet",
                        amount(t.unknown_cost, t.unknown_cost_estimated)
                    )
                } else {
                    String::new()
                },
                t.runs
            ));
            let header = match args.by {
                ByArg::Workspace => "WORKSPACE",
                ByArg::Pipeline => "PIPELINE",
                ByArg::User => "USER",
                ByArg::ComputeEnv => "COMPUTE ENV",
                ByArg::Day => "DAY",
                ByArg::Week => "WEEK OF",
                ByArg::Month => "MONTH",
            };
            let lines: Vec<Vec<String>> = r
                .rows
                .iter()
                .map(|row| {
                    let s = &row.spend;
                    vec![
                        if row.key.is_empty() {
                            "(unknown)".into()
                        } else {
                            row.key.clone()
                        },
                        amount(s.credits, s.credits_estimated),
                        amount(s.cloud_cost, s.cloud_cost_estimated),
                        amount(s.unknown_cost, s.unknown_cost_estimated),
                        format!("{:.2}", s.cpu_hours),
                        format!("{:.2}", s.memory_gib_hours),
                        s.runs.to_string(),
                    ]
                })
                .collect();
            output::write_stdout(&output::table(
                &[
                    header,
                    "CREDITS",
                    "CLOUD USD",
                    "CE UNKNOWN",
                    "CPU-H",
                    "GIB-H",
                    "RUNS",
                ],
                &lines,
            ))
        }
    }
}

/// One row of `budgets list --output json`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct BudgetRow {
    id: i64,
    target: String,
    unit: String,
    monthly_amount: f64,
}

pub async fn budgets(ctx: &Ctx, cmd: BudgetsCmd) -> Result<()> {
    match cmd {
        BudgetsCmd::Set {
            workspace,
            org,
            unit,
            amount,
        } => {
            let scope = scope(ctx, workspace.as_deref(), org.as_deref()).await?;
            let unit = match unit {
                UnitArg::Credits => "credits",
                UnitArg::Usd => "usd",
            };
            let b = ctx
                .tower
                .set_budget(&scope, unit, amount, None, chrono::Utc::now())
                .await?;
            output::note(&format!(
                "Budget {} of {}: {:.2} {} a month (kept here, never sent).",
                b.id, b.target, b.monthly_amount, b.unit
            ));
            Ok(())
        }
        BudgetsCmd::List(o) => {
            let rows: Vec<BudgetRow> = ctx
                .tower
                .budgets(None, None, chrono::Utc::now())
                .await?
                .into_iter()
                .map(|b| BudgetRow {
                    id: b.id,
                    target: b.target,
                    unit: b.unit,
                    monthly_amount: b.monthly_amount,
                })
                .collect();
            output::list(o.output, &rows, &["ID", "FOR", "UNIT", "MONTHLY"], |b| {
                vec![
                    b.id.to_string(),
                    b.target.clone(),
                    b.unit.clone(),
                    format!("{:.2}", b.monthly_amount),
                ]
            })
        }
        BudgetsCmd::Remove { id } => {
            ctx.tower.remove_budget(id).await?;
            output::note(&format!("Budget {id} removed."));
            Ok(())
        }
    }
}
