//! Credits: the dashboard (spend per workspace and month, priced at the Platform's rates), the
//! credits report with its breakdowns, budgets, an organization's entered credits, and the
//! workspace's Settings → Credits summary (issue 12). Everything reads the local store: it works
//! offline and says when the data was last synced.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use towerdesk_store::{Budget, BudgetTarget, CostScope, OrgCredits};

use super::Towerdesk;
use crate::credits::{self, CreditRates, CreditsDashboard, Forecast, ReportBy, ReportRow, Spend};
use crate::error::{AppError, ErrorKind, Result};

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
    pub async fn credits(&self, account_id: Option<i64>) -> Result<CreditsDashboard, AppError> {
        let rows = self.store()?.spend(account_id).await?;
        Ok(credits::dashboard(&rows, CreditRates::PLATFORM))
    }

    async fn cost_scope(&self, scope: &CreditsScope) -> Result<(CostScope, Vec<i64>), AppError> {
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
        let b = store
            .set_budget(account_id, target, unit, monthly_amount, &now.to_rfc3339())
            .await?;
        self.events
            .data(account_id, None, &[crate::events::Section::Credits]);
        self.budget_view(b).await
    }

    async fn budget_view(&self, b: Budget) -> Result<BudgetView, AppError> {
        let store = self.store()?;
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
        })
    }

    pub async fn budgets(&self, account_id: Option<i64>) -> Result<Vec<BudgetView>, AppError> {
        let mut out = Vec::new();
        for b in self.store()?.budgets(account_id).await? {
            out.push(self.budget_view(b).await?);
        }
        Ok(out)
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
