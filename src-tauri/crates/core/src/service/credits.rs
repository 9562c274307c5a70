//! Credits: the dashboard (spend per workspace and month, priced at the Platform's rates), the
//! credits report with its breakdowns, budgets, an organization's entered credits, and the
//! workspace's Settings → Credits summary (issue 12). Everything reads the local store: it works
//! offline and says when the data was last synced.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use towerdesk_store::{Budget, BudgetTarget, CostScope, OrgCredits};

use super::Towerdesk;
use crate::credits::{self, CreditRates, Forecast, ReportBy, ReportRow, Spend};
use crate::error::{AppError, ErrorKind, Result};
use crate::events::CoreEvent;

/// Whose spend: one workspace (`workspace`, its local id), one organization (`accountId` and
/// `orgId`, its server id), one account (`accountId`), or everything (nothing set).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CreditsScope {
    pub workspace: Option<i64>,
    pub account_id: Option<i64>,
    pub org_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CreditsReport {
    pub rates: CreditRates,
    pub by: ReportBy,
    /// The local days the report covers (inclusive), as asked.
    pub from: Option<String>,
    pub to: Option<String>,
    pub time_zone: String,
    pub rows: Vec<ReportRow>,
    pub total: Spend,
    /// When the accounts in scope last synced (the oldest of them), RFC 3339; None: never.
    pub last_synced: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BudgetView {
    pub id: i64,
    pub account_id: i64,
    /// A workspace's budget: its local id; else the organization's (`orgId`).
    pub workspace: Option<i64>,
    pub org_id: Option<i64>,
    /// `org/workspace` or the organization's name, as the user knows it.
    pub target: String,
    /// `credits` or `usd`.
    pub unit: String,
    pub monthly_amount: f64,
    pub updated_at: String,
    /// This month's spend in the budget's unit (credits, or the cloud cost in USD), its burn rate
    /// and month-end forecast, on the day asked.
    pub forecast: Forecast,
}

/// What a look-up of where runs ran did: runs read, runs still not known, and the first error
/// that stopped it (offline, an expired token), if one did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LocatedRuns {
    pub read: u32,
    pub left: u32,
    pub stopped_by: Option<String>,
}

/// Settings → Credits of one workspace.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceCredits {
    pub rates: CreditRates,
    pub workspace: i64,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    /// This calendar month in the time zone, and all time (what the store holds).
    pub this_month: Spend,
    pub all_time: Spend,
    /// The credits the organization bought, as entered here (the API has no balance).
    pub entered_credits: Option<f64>,
    pub entered_at: Option<String>,
    /// The organization's credits spent (all time, its workspaces kept here).
    pub org_credits_spent: f64,
    /// Entered credits minus the organization's credits spent.
    pub balance_left: Option<f64>,
    /// The workspace's monthly budget in credits, if one is set.
    pub budget: Option<f64>,
    pub forecast: Forecast,
    pub last_synced: Option<String>,
}

fn time_zone(tz: Option<&str>) -> Result<jiff::tz::TimeZone, AppError> {
    match tz {
        None | Some("") | Some("UTC") => Ok(jiff::tz::TimeZone::UTC),
        Some(name) => jiff::tz::TimeZone::get(name).map_err(|_| {
            AppError::new(
                ErrorKind::Validation,
                format!(
                    "{name} is not a time zone this app knows (an IANA name such as Europe/London)."
                ),
            )
        }),
    }
}

fn day(s: &str) -> Result<jiff::civil::Date, AppError> {
    s.parse().map_err(|_| {
        AppError::new(
            ErrorKind::Validation,
            format!("{s} is not a date (YYYY-MM-DD)."),
        )
    })
}

fn today(now: DateTime<Utc>, tz: &jiff::tz::TimeZone) -> Result<jiff::civil::Date, AppError> {
    let ts = jiff::Timestamp::from_millisecond(now.timestamp_millis())
        .map_err(|e| AppError::new(ErrorKind::Internal, e.to_string()))?;
    Ok(ts.to_zoned_datetime(tz.clone()).date())
}

impl Towerdesk {
    pub(super) async fn cost_scope(
        &self,
        scope: &CreditsScope,
    ) -> Result<(CostScope, Vec<i64>), AppError> {
        let store = self.store()?;
        Ok(match (scope.workspace, scope.account_id, scope.org_id) {
            (Some(ws), _, _) => {
                let w = store.workspace(ws).await?;
                (CostScope::Workspace(ws), vec![w.account_id])
            }
            (None, Some(account_id), Some(org_id)) => (
                CostScope::Organization { account_id, org_id },
                vec![account_id],
            ),
            (None, Some(acc), None) => (CostScope::Account(acc), vec![acc]),
            (None, None, Some(_)) => {
                return Err(AppError::new(
                    ErrorKind::Validation,
                    "An organization is named with its account.",
                ));
            }
            (None, None, None) => (
                CostScope::All,
                store.accounts().await?.iter().map(|a| a.id).collect(),
            ),
        })
    }

    async fn last_synced(&self, accounts: &[i64]) -> Result<Option<String>, AppError> {
        let all = self.store()?.account_rows().await?;
        let syncs: Vec<Option<String>> = all
            .iter()
            .filter(|a| accounts.contains(&a.id))
            .map(|a| a.last_sync.clone())
            .collect();
        // The oldest: an account never synced makes the whole "never".
        Ok(if syncs.iter().any(Option::is_none) {
            None
        } else {
            syncs.into_iter().flatten().min()
        })
    }

    /// Spend in `scope` over the local days `from`..=`to` (YYYY-MM-DD in `tz`, an IANA name;
    /// None: UTC), keyed by `by`. Running runs count with their spend so far (their server cost,
    /// else the estimate of their CPU time so far). Reads the `run_costs` summary only.
    pub async fn credits_report(
        &self,
        scope: &CreditsScope,
        from: Option<&str>,
        to: Option<&str>,
        by: ReportBy,
        tz: Option<&str>,
    ) -> Result<CreditsReport, AppError> {
        let zone = time_zone(tz)?;
        let (cost_scope, accounts) = self.cost_scope(scope).await?;
        let from_day = from.map(day).transpose()?;
        let to_day = to.map(day).transpose()?;
        if let (Some(f), Some(t)) = (from_day, to_day)
            && f > t
        {
            return Err(AppError::new(
                ErrorKind::Validation,
                format!("The range starts ({f}) after it ends ({t})."),
            ));
        }
        let hours = |d: jiff::civil::Date| credits::utc_hours_of_days(d, d, &zone);
        let from_hour = from_day.and_then(hours).map(|(a, _)| a);
        let to_hour = to_day.and_then(hours).map(|(_, b)| b);
        let rows = self
            .store()?
            .run_costs(
                cost_scope,
                from_hour.as_deref(),
                to_hour.as_deref(),
                by.group(&zone),
            )
            .await?;
        let (rows, total) = credits::report_rows(&rows, by, &zone);
        Ok(CreditsReport {
            rates: CreditRates::PLATFORM,
            by,
            from: from_day.map(|d| d.to_string()),
            to: to_day.map(|d| d.to_string()),
            time_zone: tz.filter(|t| !t.is_empty()).unwrap_or("UTC").to_string(),
            rows,
            total,
            last_synced: self.last_synced(&accounts).await?,
        })
    }

    /// The credits report's rows as CSV (`credits::report_csv`): what the window exports.
    pub async fn credits_report_csv(
        &self,
        scope: &CreditsScope,
        from: Option<&str>,
        to: Option<&str>,
        by: ReportBy,
        tz: Option<&str>,
    ) -> Result<String, AppError> {
        let report = self.credits_report(scope, from, to, by, tz).await?;
        Ok(credits::report_csv(&report.rows))
    }

    /// The workspace's Settings → Credits, on `now` in `tz`.
    pub async fn workspace_credits(
        &self,
        workspace: i64,
        tz: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<WorkspaceCredits, AppError> {
        let zone = time_zone(tz)?;
        let store = self.store()?;
        let w = store.workspace(workspace).await?;
        let today = today(now, &zone)?;
        let month =
            credits::utc_hours_of_days(today.first_of_month(), today.last_of_month(), &zone)
                .ok_or_else(|| AppError::new(ErrorKind::Internal, "no month"))?;
        let scope = CostScope::Workspace(workspace);
        let group = ReportBy::Workspace.group(&zone);
        let this_month = store
            .run_costs(scope, Some(&month.0), Some(&month.1), group)
            .await?;
        let all_time = store.run_costs(scope, None, None, group).await?;
        let (_, this_month) = credits::report_rows(&this_month, ReportBy::Workspace, &zone);
        let (_, all_time) = credits::report_rows(&all_time, ReportBy::Workspace, &zone);
        let entered = match w.org_id {
            Some(org) => store.org_credits(w.account_id, org).await?,
            None => None,
        };
        let org_credits_spent = match w.org_id {
            Some(org_id) => {
                let rows = store
                    .run_costs(
                        CostScope::Organization {
                            account_id: w.account_id,
                            org_id,
                        },
                        None,
                        None,
                        group,
                    )
                    .await?;
                credits::report_rows(&rows, ReportBy::Workspace, &zone)
                    .1
                    .credits
            }
            None => all_time.credits,
        };
        let balance_left = entered
            .as_ref()
            .map(|e| credits::round_cents(e.credits - org_credits_spent));
        let budget = store
            .budgets(Some(w.account_id))
            .await?
            .into_iter()
            .find(|b| b.workspace_local_id == Some(workspace) && b.unit == "credits")
            .map(|b| b.monthly_amount);
        let forecast = credits::forecast(this_month.credits, today, budget, balance_left);
        Ok(WorkspaceCredits {
            rates: CreditRates::PLATFORM,
            workspace,
            org_id: w.org_id,
            org_name: w.org_name.clone(),
            this_month,
            all_time,
            entered_credits: entered.as_ref().map(|e| e.credits),
            entered_at: entered.map(|e| e.entered_at),
            org_credits_spent: credits::round_cents(org_credits_spent),
            balance_left,
            budget,
            forecast,
            last_synced: self.last_synced(&[w.account_id]).await?,
        })
    }

    /// Sets the monthly budget of a workspace (`workspace`) or an organization (`accountId`,
    /// `orgId`) in `unit` (`credits` or `usd`).
    pub async fn set_budget(
        &self,
        scope: &CreditsScope,
        unit: &str,
        monthly_amount: f64,
        tz: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<BudgetView, AppError> {
        let store = self.store()?;
        let (account_id, target) = match (scope.workspace, scope.account_id, scope.org_id) {
            (Some(ws), _, _) => (
                store.workspace(ws).await?.account_id,
                BudgetTarget::Workspace(ws),
            ),
            (None, Some(acc), Some(org)) => (acc, BudgetTarget::Organization(org)),
            _ => {
                return Err(AppError::new(
                    ErrorKind::Validation,
                    "A budget is for a workspace or an organization.",
                ));
            }
        };
        let zone = time_zone(tz)?;
        let b = store
            .set_budget(account_id, target, unit, monthly_amount, &now.to_rfc3339())
            .await?;
        self.events
            .data(account_id, None, &[crate::events::Section::Credits]);
        self.budget_view(b, today(now, &zone)?, &zone).await
    }

    /// Budget `b` with this month's spend in its scope and unit and the forecast, on `today`.
    async fn budget_view(
        &self,
        b: Budget,
        today: jiff::civil::Date,
        zone: &jiff::tz::TimeZone,
    ) -> Result<BudgetView, AppError> {
        let store = self.store()?;
        let scope = match (b.workspace_local_id, b.org_id) {
            (Some(ws), _) => CostScope::Workspace(ws),
            (None, Some(org_id)) => CostScope::Organization {
                account_id: b.account_id,
                org_id,
            },
            (None, None) => CostScope::Account(b.account_id),
        };
        let month = credits::utc_hours_of_days(today.first_of_month(), today.last_of_month(), zone)
            .ok_or_else(|| AppError::new(ErrorKind::Internal, "no month"))?;
        let rows = store
            .run_costs(
                scope,
                Some(&month.0),
                Some(&month.1),
                ReportBy::Workspace.group(zone),
            )
            .await?;
        let (_, spend) = credits::report_rows(&rows, ReportBy::Workspace, zone);
        let spent = if b.unit == "usd" {
            spend.cloud_cost
        } else {
            spend.credits
        };
        let forecast = credits::forecast(spent, today, Some(b.monthly_amount), None);
        let target = match (b.workspace_local_id, b.org_id) {
            (Some(ws), _) => {
                let w = store.workspace(ws).await?;
                match w.org_name {
                    Some(org) => format!("{org}/{}", w.name),
                    None => w.name,
                }
            }
            (None, Some(org)) => store
                .organizations(b.account_id)
                .await?
                .into_iter()
                .find(|o| o.org_id == org)
                .map_or_else(|| format!("organization {org}"), |o| o.name),
            (None, None) => String::new(),
        };
        Ok(BudgetView {
            id: b.id,
            account_id: b.account_id,
            workspace: b.workspace_local_id,
            org_id: b.org_id,
            target,
            unit: b.unit,
            monthly_amount: b.monthly_amount,
            updated_at: b.updated_at,
            forecast,
        })
    }

    /// The budgets of one account (every account when None), each with this month's spend and
    /// forecast on `now` in `tz`.
    pub async fn budgets(
        &self,
        account_id: Option<i64>,
        tz: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<BudgetView>, AppError> {
        let zone = time_zone(tz)?;
        let today = today(now, &zone)?;
        let mut out = Vec::new();
        for b in self.store()?.budgets(account_id).await? {
            out.push(self.budget_view(b, today, &zone).await?);
        }
        Ok(out)
    }

    /// Announces, once per crossing, the budgets of the account whose month-end forecast went
    /// over the budget on `now` in `zone` (`CoreEvent::BudgetCrossed`, a desktop notification
    /// in the shell). A budget that comes back under is armed again. Called after each sync.
    pub async fn announce_budget_crossings(
        &self,
        account_id: i64,
        zone: &jiff::tz::TimeZone,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let store = self.store()?;
        let today = today(now, zone)?;
        let month = today.strftime("%Y-%m").to_string();
        for b in store.budgets(Some(account_id)).await? {
            let warned = b.warned_month.clone();
            let view = self.budget_view(b, today, zone).await?;
            let f = &view.forecast;
            match (f.crosses_budget, f.month_end) {
                (true, Some(month_end)) if warned.as_deref() != Some(month.as_str()) => {
                    store.set_budget_warned(view.id, Some(&month)).await?;
                    let (title, body) = credits::budget_warning_words(
                        &view.target,
                        &view.unit,
                        view.monthly_amount,
                        month_end,
                        f.budget_reached_on.as_deref(),
                    );
                    self.events.send(CoreEvent::BudgetCrossed {
                        account_id,
                        budget_id: view.id,
                        target: view.target.clone(),
                        title,
                        body,
                    });
                }
                (false, _) if warned.is_some() => store.set_budget_warned(view.id, None).await?,
                _ => {}
            }
        }
        Ok(())
    }

    pub async fn remove_budget(&self, id: i64) -> Result<(), AppError> {
        if !self.store()?.remove_budget(id).await? {
            return Err(AppError::new(
                ErrorKind::NotFound,
                format!("There is no budget {id}."),
            ));
        }
        Ok(())
    }

    /// Records the credits organization `org_id` of account `account_id` bought (local data).
    pub async fn set_org_credits(
        &self,
        account_id: i64,
        org_id: i64,
        credits: f64,
        now: DateTime<Utc>,
    ) -> Result<OrgCredits, AppError> {
        let c = self
            .store()?
            .set_org_credits(account_id, org_id, credits, &now.to_rfc3339())
            .await?;
        self.events
            .data(account_id, None, &[crate::events::Section::Credits]);
        Ok(c)
    }

    pub async fn clear_org_credits(&self, account_id: i64, org_id: i64) -> Result<(), AppError> {
        self.store()?.clear_org_credits(account_id, org_id).await?;
        self.events
            .data(account_id, None, &[crate::events::Section::Credits]);
        Ok(())
    }
}
