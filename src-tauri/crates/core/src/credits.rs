//! Credits: 1 credit = 1 USD. The public API has no balance endpoint, so spend is each run's `cost`
//! where the server gave one, else an estimate from its CPU time and memory at the published rates.

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CreditRates {
    /// Credits per CPU-hour.
    pub cpu_per_hour: f64,
    /// Credits per GiB-hour of memory.
    pub memory_per_gib_hour: f64,
    /// Credits per GB-month of storage.
    pub storage_per_gb_month: f64,
}

impl CreditRates {
    pub const PLATFORM: Self = Self {
        cpu_per_hour: 0.1,
        memory_per_gib_hour: 0.025,
        storage_per_gb_month: 0.025,
    };

    /// Credits for compute that has no server cost.
    pub fn estimate(&self, cpu_hours: f64, memory_gib_hours: f64) -> f64 {
        cpu_hours * self.cpu_per_hour + memory_gib_hours * self.memory_per_gib_hour
    }
}

// ---------------------------------------------------------------------------------------------
// Credits rules (issue 12): pure, table-tested below.
// ---------------------------------------------------------------------------------------------

/// The platform string of Seqera Compute environments (`ComputeEnv.platform`; `seqeracompute` is
/// the name of its credentials provider). Only their runs consume credits.
pub const SEQERA_COMPUTE: &str = "seqeracompute-platform";

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
/// A task that requests no memory is charged its peak, at least 2 GB (taken as 2 GiB).
pub const MEMORY_FLOOR_BYTES: f64 = 2.0 * GIB;

/// How a run's spend is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Billing {
    /// Seqera Compute: credits.
    Credits,
    /// Any other compute environment: the cloud's cost, USD.
    Cloud,
    /// The run's compute environment is not known here yet (only a read of the run says).
    Unknown,
}

pub fn billing(platform: Option<&str>) -> Billing {
    match platform {
        Some(SEQERA_COMPUTE) => Billing::Credits,
        Some(p) if !p.is_empty() => Billing::Cloud,
        _ => Billing::Unknown,
    }
}

/// Memory GiB-hours as billed: the memory the tasks requested (else their peak, at least 2 GB)
/// per requested CPU, held for the run's CPU-hours. None without CPU-hours or requested CPUs.
pub fn billed_memory_gib_hours(
    cpu_hours: Option<f64>,
    cpus: Option<i64>,
    memory_req: Option<i64>,
    peak_memory: Option<i64>,
) -> Option<f64> {
    let cpu_hours = cpu_hours?;
    let cpus = cpus.filter(|c| *c > 0)? as f64;
    let bytes = match memory_req.filter(|m| *m > 0) {
        Some(req) => req as f64,
        None => (peak_memory.unwrap_or(0) as f64).max(MEMORY_FLOOR_BYTES),
    };
    Some(cpu_hours * (bytes / GIB) / cpus)
}

/// A run's estimate when the server gave no cost: its CPU-hours and billed memory GiB-hours at
/// the rates. None when it has a cost (that is the Platform's estimate) or no CPU time.
pub fn run_estimate(
    rates: CreditRates,
    cost: Option<f64>,
    cpu_hours: Option<f64>,
    billed_memory_gib_hours: Option<f64>,
) -> Option<f64> {
    if cost.is_some() {
        return None;
    }
    Some(rates.estimate(cpu_hours?, billed_memory_gib_hours.unwrap_or(0.0)))
}

/// Rounded to the cent (1 credit = 1 USD), half away from zero; the 1e-9 keeps values such as
/// 1.005, stored as 1.00499999..., from rounding down.
pub fn round_cents(x: f64) -> f64 {
    ((x * 100.0) + x.signum() * 1e-9).round() / 100.0
}

/// A time bucket of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeBucket {
    Day,
    /// ISO weeks, Monday first; keyed by their Monday.
    Week,
    Month,
}

/// The bucket (`YYYY-MM-DD` for a day or a week's Monday, `YYYY-MM` for a month) in `tz` of the
/// UTC hour `YYYY-MM-DDTHH` (as the `run_costs` summary keys runs). None for an unknown hour.
pub fn bucket_of_hour(hour: &str, tz: &jiff::tz::TimeZone, by: TimeBucket) -> Option<String> {
    let ts: jiff::Timestamp = format!("{hour}:00:00Z").parse().ok()?;
    let date = ts.to_zoned_datetime(tz.clone()).date();
    Some(match by {
        TimeBucket::Day => date.to_string(),
        TimeBucket::Week => {
            let back = i64::from(date.weekday().to_monday_zero_offset());
            date.checked_sub(jiff::Span::new().days(back))
                .ok()?
                .to_string()
        }
        TimeBucket::Month => format!("{:04}-{:02}", date.year(), date.month()),
    })
}

/// The UTC hours (`YYYY-MM-DDTHH`, from inclusive, to exclusive) covering the local days `from`
/// through `to` (inclusive) in `tz`. Exact for whole-hour offsets; a zone with a half-hour offset
/// gets the hour its day starts in.
pub fn utc_hours_of_days(
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    tz: &jiff::tz::TimeZone,
) -> Option<(String, String)> {
    let start = from.to_zoned_datetime(tz.clone()).ok()?.timestamp();
    let end = to
        .tomorrow()
        .ok()?
        .to_zoned_datetime(tz.clone())
        .ok()?
        .timestamp();
    let hour = |t: jiff::Timestamp| t.strftime("%Y-%m-%dT%H").to_string();
    Some((hour(start), hour(end)))
}

/// The month-end forecast of one budget or balance, and when it runs out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Forecast {
    /// Spend so far this month.
    pub spent: f64,
    /// Days of the month so far, today included.
    pub days_elapsed: u32,
    pub days_in_month: u32,
    /// Spend per day so far this month; None before 3 days of data.
    pub burn_per_day: Option<f64>,
    /// spent ÷ days elapsed × days in the month; None before 3 days of data.
    pub month_end: Option<f64>,
    pub budget: Option<f64>,
    /// The day (`YYYY-MM-DD`) the month's spend reaches the budget, at this burn rate, if it does
    /// within the month.
    pub budget_reached_on: Option<String>,
    /// Whether the forecast crosses the budget before the month ends.
    pub crosses_budget: bool,
    /// The balance left (entered credits minus credits spent), when there is one.
    pub balance_left: Option<f64>,
    /// The day the balance left runs out at this burn rate.
    pub balance_runs_out_on: Option<String>,
}

/// The desktop notification of a budget whose month-end forecast crossed it: its title and body.
pub fn budget_warning_words(
    target: &str,
    unit: &str,
    budget: f64,
    month_end: f64,
    reached_on: Option<&str>,
) -> (String, String) {
    let unit = if unit == "usd" { "USD" } else { "credits" };
    let when = reached_on.map_or_else(String::new, |d| {
        format!(" It is reached on {d} at this pace.")
    });
    (
        format!("{target}: over budget by the month's end"),
        format!(
            "At this month's pace, spend reaches {month_end:.2} {unit} by the month's end, over the monthly budget of {budget:.2} {unit}.{when}"
        ),
    )
}

/// Days of data needed before a forecast.
pub const FORECAST_MIN_DAYS: u32 = 3;

/// The forecast on local day `today` of a month whose spend so far is `spent`: burn = spent ÷
/// days elapsed (today included), month end = burn × days in the month; none before
/// `FORECAST_MIN_DAYS` days. The budget is reached on the first day d with burn × d ≥ budget
/// (today if already spent); the balance left runs out ceil(balance ÷ burn) days from today.
pub fn forecast(
    spent: f64,
    today: jiff::civil::Date,
    budget: Option<f64>,
    balance_left: Option<f64>,
) -> Forecast {
    let days_elapsed = u32::from(today.day().unsigned_abs());
    let days_in_month = u32::from(today.days_in_month().unsigned_abs());
    let enough = days_elapsed >= FORECAST_MIN_DAYS;
    let burn = enough.then(|| spent / f64::from(days_elapsed));
    let month_end = burn.map(|b| b * f64::from(days_in_month));
    let day_of = |d: u32| {
        today
            .first_of_month()
            .checked_add(jiff::Span::new().days(i64::from(d) - 1))
            .ok()
            .map(|d| d.to_string())
    };
    let budget_reached_on = match (budget, burn) {
        (Some(b), _) if spent >= b && spent > 0.0 => Some(today.to_string()),
        (Some(b), Some(burn)) if burn > 0.0 => {
            let d = (b / burn).ceil().max(1.0) as u32;
            (d <= days_in_month)
                .then(|| day_of(d.max(days_elapsed)))
                .flatten()
        }
        _ => None,
    };
    let crosses_budget = matches!((budget, month_end), (Some(b), Some(m)) if m > b);
    let balance_runs_out_on = match (balance_left, burn) {
        (Some(left), _) if left <= 0.0 => Some(today.to_string()),
        (Some(left), Some(burn)) if burn > 0.0 => {
            let days = (left / burn).ceil() as i64;
            today
                .checked_add(jiff::Span::new().days(days))
                .ok()
                .map(|d| d.to_string())
        }
        _ => None,
    };
    Forecast {
        spent,
        days_elapsed,
        days_in_month,
        burn_per_day: burn,
        month_end,
        budget,
        budget_reached_on,
        crosses_budget,
        balance_left,
        balance_runs_out_on,
    }
}

#[cfg(test)]
mod rules_tests {
    use super::*;
    use jiff::civil::date;

    const R: CreditRates = CreditRates::PLATFORM;
    const G: i64 = 1024 * 1024 * 1024;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn billing_tells_seqera_compute_from_other_environments() {
        let table = [
            (Some("seqeracompute-platform"), Billing::Credits),
            (Some("aws-batch"), Billing::Cloud),
            (Some("slurm-platform"), Billing::Cloud),
            (Some("seqeracompute"), Billing::Cloud), // the credentials provider, not a platform
            (Some(""), Billing::Unknown),
            (None, Billing::Unknown),
        ];
        for (platform, want) in table {
            assert_eq!(billing(platform), want, "{platform:?}");
        }
    }

    #[test]
    fn billed_memory_is_requested_else_peak_with_a_2_gb_floor() {
        // (cpu hours, cpus, requested, peak) -> GiB-hours
        type Case = (
            Option<f64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<f64>,
        );
        let table: [Case; 8] = [
            (Some(10.0), Some(4), Some(16 * G), Some(3 * G), Some(40.0)), // requested: 4 GiB per CPU
            (Some(10.0), Some(4), None, Some(8 * G), Some(20.0)),         // peak
            (Some(10.0), Some(4), Some(0), Some(8 * G), Some(20.0)),      // 0 requested = none
            (Some(10.0), Some(4), None, Some(G), Some(5.0)), // peak under the floor: 2 GiB
            (Some(10.0), Some(4), None, None, Some(5.0)),    // nothing known: the floor
            (Some(0.0), Some(4), Some(16 * G), None, Some(0.0)),
            (None, Some(4), Some(16 * G), None, None), // no CPU time
            (Some(10.0), None, Some(16 * G), None, None), // no CPUs
        ];
        for (cpu, cpus, req, peak, want) in table {
            let got = billed_memory_gib_hours(cpu, cpus, req, peak);
            assert!(
                match (got, want) {
                    (Some(g), Some(w)) => close(g, w),
                    (None, None) => true,
                    _ => false,
                },
                "{cpu:?} {cpus:?} {req:?} {peak:?}: {got:?} != {want:?}"
            );
        }
    }

    #[test]
    fn a_run_with_cost_keeps_the_platforms_estimate_else_the_rates() {
        // (cost, cpu hours, billed GiB-hours) -> estimate
        let table = [
            (Some(3.0), Some(10.0), Some(40.0), None),
            (Some(0.0), Some(10.0), Some(40.0), None),
            (None, Some(10.0), Some(40.0), Some(2.0)), // 1 + 1
            (None, Some(10.0), None, Some(1.0)),
            (None, Some(0.5), Some(2.0), Some(0.1)), // 0.05 + 0.05
            (None, None, Some(40.0), None),
        ];
        for (cost, cpu, mem, want) in table {
            let got = run_estimate(R, cost, cpu, mem);
            assert!(
                match (got, want) {
                    (Some(g), Some(w)) => close(g, w),
                    (None, None) => true,
                    _ => false,
                },
                "{cost:?} {cpu:?} {mem:?}: {got:?}"
            );
        }
    }

    #[test]
    fn rounding_is_to_the_cent_half_away_from_zero() {
        let table = [
            (0.0, 0.0),
            (0.004, 0.0),
            (0.005, 0.01),
            (0.125, 0.13),
            (1.005, 1.01),
            (2.675, 2.68),
            (1234.5649, 1234.56),
            (-0.005, -0.01),
        ];
        for (x, want) in table {
            assert_eq!(round_cents(x), want, "{x}");
        }
    }

    #[test]
    fn time_buckets_follow_the_time_zone_across_month_and_dst_edges() {
        let utc = jiff::tz::TimeZone::UTC;
        let london = jiff::tz::TimeZone::get("Europe/London").unwrap();
        let ny = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo").unwrap();
        use TimeBucket::*;
        let table = [
            // Month edge: 23:00 UTC on 31 Oct; London is back on GMT (summer time ended on 25
            // Oct 2026), so still 31 Oct there; Tokyo (+9) is in November.
            ("2026-10-31T23", &utc, Month, "2026-10"),
            ("2026-10-31T23", &london, Month, "2026-10"),
            ("2026-10-31T23", &tokyo, Month, "2026-11"),
            ("2026-11-01T03", &ny, Month, "2026-10"), // 23:00 EDT on 31 Oct
            ("2026-11-01T05", &ny, Day, "2026-11-01"), // 00:00 EST after the fall back
            ("2026-11-01T04", &ny, Day, "2026-11-01"), // 00:00 EDT
            ("2026-11-01T03", &ny, Day, "2026-10-31"),
            // Summer time: 23:30 UTC on 30 June is 1 July in London.
            ("2026-06-30T23", &london, Day, "2026-07-01"),
            ("2026-06-30T23", &utc, Day, "2026-06-30"),
            // Spring forward in London (29 March 2026, 01:00 UTC).
            ("2026-03-29T00", &london, Day, "2026-03-29"),
            ("2026-03-28T23", &london, Day, "2026-03-28"),
            // Weeks are keyed by their Monday, across a month and a year.
            ("2026-12-02T12", &utc, Week, "2026-11-30"),
            ("2027-01-03T12", &utc, Week, "2026-12-28"), // a Sunday
            ("2027-01-03T23", &tokyo, Week, "2027-01-04"), // Monday in Tokyo
            ("2026-11-30T00", &utc, Week, "2026-11-30"),
        ];
        for (hour, tz, by, want) in table {
            assert_eq!(
                bucket_of_hour(hour, tz, by).as_deref(),
                Some(want),
                "{hour} {by:?} in {:?}",
                tz.iana_name()
            );
        }
        assert_eq!(bucket_of_hour("", &utc, Day), None);
    }

    #[test]
    fn local_days_are_utc_hours() {
        let utc = jiff::tz::TimeZone::UTC;
        let ny = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo").unwrap();
        let table = [
            (
                date(2026, 11, 1),
                date(2026, 11, 30),
                &utc,
                "2026-11-01T00",
                "2026-12-01T00",
            ),
            // New York: EDT (-4) on 1 Nov at midnight, EST (-5) on 1 Dec.
            (
                date(2026, 11, 1),
                date(2026, 11, 30),
                &ny,
                "2026-11-01T04",
                "2026-12-01T05",
            ),
            (
                date(2026, 3, 8),
                date(2026, 3, 8),
                &ny,
                "2026-03-08T05",
                "2026-03-09T04",
            ),
            (
                date(2026, 12, 31),
                date(2026, 12, 31),
                &tokyo,
                "2026-12-30T15",
                "2026-12-31T15",
            ),
        ];
        for (from, to, tz, a, b) in table {
            assert_eq!(
                utc_hours_of_days(from, to, tz),
                Some((a.to_string(), b.to_string())),
                "{from} {to}"
            );
        }
    }

    #[test]
    fn forecast_is_spend_so_far_over_days_elapsed_times_days_in_month() {
        struct Case {
            spent: f64,
            today: jiff::civil::Date,
            budget: Option<f64>,
            balance: Option<f64>,
            burn: Option<f64>,
            month_end: Option<f64>,
            reached: Option<&'static str>,
            crosses: bool,
            runs_out: Option<&'static str>,
        }
        let table = [
            // Two days of data: no forecast, no crossing, even over budget pace.
            Case {
                spent: 50.0,
                today: date(2026, 11, 2),
                budget: Some(60.0),
                balance: None,
                burn: None,
                month_end: None,
                reached: None,
                crosses: false,
                runs_out: None,
            },
            // Already over budget: reached today, whatever the days.
            Case {
                spent: 70.0,
                today: date(2026, 11, 2),
                budget: Some(60.0),
                balance: None,
                burn: None,
                month_end: None,
                reached: Some("2026-11-02"),
                crosses: false,
                runs_out: None,
            },
            // Day 3: 30 spent, 10 a day, 300 in November (30 days).
            Case {
                spent: 30.0,
                today: date(2026, 11, 3),
                budget: Some(250.0),
                balance: Some(55.0),
                burn: Some(10.0),
                month_end: Some(300.0),
                reached: Some("2026-11-25"),
                crosses: true,
                runs_out: Some("2026-11-09"),
            },
            // Under budget: no crossing, no day.
            Case {
                spent: 30.0,
                today: date(2026, 11, 10),
                budget: Some(100.0),
                balance: None,
                burn: Some(3.0),
                month_end: Some(90.0),
                reached: None,
                crosses: false,
                runs_out: None,
            },
            // Exactly on budget at month end does not cross; it is reached on the last day.
            Case {
                spent: 30.0,
                today: date(2026, 11, 10),
                budget: Some(90.0),
                balance: None,
                burn: Some(3.0),
                month_end: Some(90.0),
                reached: Some("2026-11-30"),
                crosses: false,
                runs_out: None,
            },
            // February 2027 has 28 days; the balance lasts past the month.
            Case {
                spent: 28.0,
                today: date(2027, 2, 14),
                budget: None,
                balance: Some(100.0),
                burn: Some(2.0),
                month_end: Some(56.0),
                reached: None,
                crosses: false,
                runs_out: Some("2027-04-05"),
            }, // 50 days
            // Balance already gone.
            Case {
                spent: 28.0,
                today: date(2027, 2, 14),
                budget: None,
                balance: Some(-3.0),
                burn: Some(2.0),
                month_end: Some(56.0),
                reached: None,
                crosses: false,
                runs_out: Some("2027-02-14"),
            },
            // Nothing spent: no day anything runs out.
            Case {
                spent: 0.0,
                today: date(2026, 12, 31),
                budget: Some(10.0),
                balance: Some(5.0),
                burn: Some(0.0),
                month_end: Some(0.0),
                reached: None,
                crosses: false,
                runs_out: None,
            },
        ];
        for c in table {
            let f = forecast(c.spent, c.today, c.budget, c.balance);
            let what = format!("{} on {}", c.spent, c.today);
            assert_eq!(f.burn_per_day.map(round_cents), c.burn, "burn {what}");
            assert_eq!(
                f.month_end.map(round_cents),
                c.month_end,
                "month end {what}"
            );
            assert_eq!(f.budget_reached_on.as_deref(), c.reached, "reached {what}");
            assert_eq!(f.crosses_budget, c.crosses, "crosses {what}");
            assert_eq!(
                f.balance_runs_out_on.as_deref(),
                c.runs_out,
                "runs out {what}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_quotes_what_needs_it() {
        let row = |key: &str| ReportRow {
            key: key.into(),
            spend: Spend {
                credits: 1.5,
                runs: 2,
                ..Spend::default()
            },
        };
        let csv = report_csv(&[row("nf-core/rnaseq"), row("a, \"b\""), row("")]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_COLUMNS.join(","));
        assert_eq!(lines[1], "nf-core/rnaseq,1.5,0,0,0,0,0,0,0,0,2,0,0");
        assert_eq!(lines[2], "\"a, \"\"b\"\"\",1.5,0,0,0,0,0,0,0,0,2,0,0");
        assert_eq!(lines[3], ",1.5,0,0,0,0,0,0,0,0,2,0,0");
    }

    #[test]
    fn a_budget_warning_says_the_forecast_the_budget_and_the_day() {
        let (title, body) =
            budget_warning_words("acme/prod", "credits", 100.0, 151.234, Some("2026-11-20"));
        assert_eq!(title, "acme/prod: over budget by the month's end");
        assert_eq!(
            body,
            "At this month's pace, spend reaches 151.23 credits by the month's end, over the monthly budget of 100.00 credits. It is reached on 2026-11-20 at this pace."
        );
        let (_, usd) = budget_warning_words("acme", "usd", 10.0, 12.0, None);
        assert_eq!(
            usd,
            "At this month's pace, spend reaches 12.00 USD by the month's end, over the monthly budget of 10.00 USD."
        );
    }

    #[test]
    fn rates_are_the_platforms() {
        let r = CreditRates::PLATFORM;
        assert_eq!(
            (
                r.cpu_per_hour,
                r.memory_per_gib_hour,
                r.storage_per_gb_month
            ),
            (0.1, 0.025, 0.025)
        );
        // 10 CPU-hours and 40 GiB-hours: 1 + 1 credits.
        assert!((r.estimate(10.0, 40.0) - 2.0).abs() < 1e-12);
    }
}

// ---------------------------------------------------------------------------------------------
// The credits report (issue 12): the summary's rows priced and bucketed, pure.
// ---------------------------------------------------------------------------------------------

/// What the report's rows are keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ReportBy {
    Workspace,
    Pipeline,
    User,
    ComputeEnv,
    Day,
    Week,
    Month,
}

impl ReportBy {
    pub const ALL: [Self; 7] = [
        Self::Workspace,
        Self::Pipeline,
        Self::User,
        Self::ComputeEnv,
        Self::Day,
        Self::Week,
        Self::Month,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Workspace => "workspace",
            Self::Pipeline => "pipeline",
            Self::User => "user",
            Self::ComputeEnv => "compute-env",
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// The summary's grouping this is made from, in time zone `tz`: months in UTC are the
    /// month summary's own; other time rows are made from UTC hours.
    pub fn group(self, tz: &jiff::tz::TimeZone) -> towerdesk_store::CostGroup {
        use towerdesk_store::CostGroup as G;
        match self {
            Self::Month if *tz == jiff::tz::TimeZone::UTC => G::Month,
            Self::Workspace => G::Workspace,
            Self::Pipeline => G::Pipeline,
            Self::User => G::User,
            Self::ComputeEnv => G::ComputeEnv,
            Self::Day | Self::Week | Self::Month => G::Hour,
        }
    }

    pub fn bucket(self) -> Option<TimeBucket> {
        match self {
            Self::Day => Some(TimeBucket::Day),
            Self::Week => Some(TimeBucket::Week),
            Self::Month => Some(TimeBucket::Month),
            _ => None,
        }
    }
}

/// Spend of one row (or of everything): credits (Seqera Compute) and cloud cost (other
/// environments, USD) apart, each with its estimated part; `unknownCost` is the spend of runs
/// whose compute environment is not known here yet (neither credits nor cloud cost until a read
/// of the run says). `estimated` is the estimated part of all three (1 credit = 1 USD).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Spend {
    pub credits: f64,
    pub credits_estimated: f64,
    pub cloud_cost: f64,
    pub cloud_cost_estimated: f64,
    pub unknown_cost: f64,
    pub unknown_cost_estimated: f64,
    pub estimated: f64,
    pub cpu_hours: f64,
    pub memory_gib_hours: f64,
    pub runs: i64,
    /// Runs priced by the estimate (no server cost yet).
    pub estimated_runs: i64,
    /// Runs with neither a server cost nor what an estimate needs (counted, priced 0).
    pub unpriced_runs: i64,
}

impl Spend {
    fn add(&mut self, r: &towerdesk_store::CostRow) {
        let amount = r.cost + r.estimate;
        let (total, estimated) = match billing(Some(r.platform.as_str())) {
            Billing::Credits => (&mut self.credits, &mut self.credits_estimated),
            Billing::Cloud => (&mut self.cloud_cost, &mut self.cloud_cost_estimated),
            Billing::Unknown => (&mut self.unknown_cost, &mut self.unknown_cost_estimated),
        };
        *total += amount;
        *estimated += r.estimate;
        self.estimated += r.estimate;
        self.cpu_hours += r.cpu_hours;
        self.memory_gib_hours += r.memory_gib_hours;
        self.runs += r.runs;
        self.estimated_runs += r.estimated_runs;
        self.unpriced_runs += r.unpriced_runs;
    }

    /// Every amount rounded to the cent, hours to a hundredth.
    pub fn rounded(mut self) -> Self {
        for x in [
            &mut self.credits,
            &mut self.credits_estimated,
            &mut self.cloud_cost,
            &mut self.cloud_cost_estimated,
            &mut self.unknown_cost,
            &mut self.unknown_cost_estimated,
            &mut self.estimated,
            &mut self.cpu_hours,
            &mut self.memory_gib_hours,
        ] {
            *x = round_cents(*x);
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ReportRow {
    /// The workspace (`org/workspace`), pipeline, user, compute environment, or the day, week
    /// (its Monday) or month in the report's time zone; '' where the runs do not say.
    pub key: String,
    #[serde(flatten)]
    pub spend: Spend,
}

/// The report's CSV columns: the JSON's field names, in this order (the window's export and
/// `towerdesk-cli credits --output csv` both write these).
pub const CSV_COLUMNS: [&str; 13] = [
    "key",
    "credits",
    "creditsEstimated",
    "cloudCost",
    "cloudCostEstimated",
    "unknownCost",
    "unknownCostEstimated",
    "estimated",
    "cpuHours",
    "memoryGibHours",
    "runs",
    "estimatedRuns",
    "unpricedRuns",
];

/// The rows as RFC 4180 CSV: the header line, then a line per row; a cell with a comma, quote or
/// line break is quoted, its quotes doubled.
pub fn report_csv(rows: &[ReportRow]) -> String {
    fn cell(c: &str) -> String {
        if c.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_string()
        }
    }
    let mut text = CSV_COLUMNS.join(",");
    text.push('\n');
    for r in rows {
        let s = &r.spend;
        let cells = [
            cell(&r.key),
            s.credits.to_string(),
            s.credits_estimated.to_string(),
            s.cloud_cost.to_string(),
            s.cloud_cost_estimated.to_string(),
            s.unknown_cost.to_string(),
            s.unknown_cost_estimated.to_string(),
            s.estimated.to_string(),
            s.cpu_hours.to_string(),
            s.memory_gib_hours.to_string(),
            s.runs.to_string(),
            s.estimated_runs.to_string(),
            s.unpriced_runs.to_string(),
        ];
        text.push_str(&cells.join(","));
        text.push('\n');
    }
    text
}

/// The summary's rows as the report's rows: time rows bucketed in `tz` (oldest first), the
/// others highest spend first; plus the total.
pub fn report_rows(
    rows: &[towerdesk_store::CostRow],
    by: ReportBy,
    tz: &jiff::tz::TimeZone,
) -> (Vec<ReportRow>, Spend) {
    let mut groups: BTreeMap<String, Spend> = BTreeMap::new();
    let mut total = Spend::default();
    for r in rows {
        let key = match by.bucket() {
            // Already UTC months (the month summary, asked for in UTC).
            Some(TimeBucket::Month) if r.key.len() == 7 => r.key.clone(),
            Some(b) => bucket_of_hour(&r.key, tz, b).unwrap_or_default(),
            None => r.key.clone(),
        };
        groups.entry(key).or_default().add(r);
        total.add(r);
    }
    let mut out: Vec<ReportRow> = groups
        .into_iter()
        .map(|(key, spend)| ReportRow {
            key,
            spend: spend.rounded(),
        })
        .collect();
    if by.bucket().is_none() {
        let amount = |s: &Spend| s.credits + s.cloud_cost + s.unknown_cost;
        out.sort_by(|a, b| {
            amount(&b.spend)
                .total_cmp(&amount(&a.spend))
                .then(a.key.cmp(&b.key))
        });
    }
    (out, total.rounded())
}

#[cfg(test)]
mod report_tests {
    use super::*;
    use towerdesk_store::CostRow;

    fn row(key: &str, platform: &str, cost: f64, estimate: f64) -> CostRow {
        CostRow {
            key: key.into(),
            platform: platform.into(),
            runs: 2,
            cost,
            estimated_runs: i64::from(estimate > 0.0),
            estimate,
            unpriced_runs: 0,
            cpu_hours: 1.0,
            memory_gib_hours: 4.0,
        }
    }

    #[test]
    fn credits_and_cloud_cost_are_kept_apart_and_each_says_its_estimated_part() {
        let rows = [
            row("nf-core/rnaseq", SEQERA_COMPUTE, 3.0, 0.5),
            row("nf-core/rnaseq", "aws-batch", 2.0, 0.0),
            row("nf-core/sarek", "", 0.0, 1.25),
            row("nf-core/sarek", "slurm-platform", 0.0, 0.0),
        ];
        let (out, total) = report_rows(&rows, ReportBy::Pipeline, &jiff::tz::TimeZone::UTC);
        let rnaseq = &out[0];
        assert_eq!(rnaseq.key, "nf-core/rnaseq");
        assert_eq!(
            (
                rnaseq.spend.credits,
                rnaseq.spend.credits_estimated,
                rnaseq.spend.cloud_cost
            ),
            (3.5, 0.5, 2.0)
        );
        assert_eq!(rnaseq.spend.estimated, 0.5);
        let sarek = &out[1];
        assert_eq!(
            (sarek.spend.unknown_cost, sarek.spend.unknown_cost_estimated),
            (1.25, 1.25)
        );
        assert_eq!(
            (
                sarek.spend.credits,
                sarek.spend.cloud_cost,
                sarek.spend.runs
            ),
            (0.0, 0.0, 4)
        );
        assert_eq!(
            (
                total.credits,
                total.cloud_cost,
                total.unknown_cost,
                total.estimated,
                total.runs
            ),
            (3.5, 2.0, 1.25, 1.75, 8)
        );
    }

    #[test]
    fn time_rows_are_bucketed_in_the_time_zone_oldest_first() {
        let ny = jiff::tz::TimeZone::get("America/New_York").unwrap();
        let rows = [
            row("2026-11-01T03", SEQERA_COMPUTE, 1.0, 0.0), // 31 Oct, 23:00 EDT
            row("2026-11-01T05", SEQERA_COMPUTE, 2.0, 0.0), // 1 Nov, 00:00 EST
            row("2026-12-01T04", SEQERA_COMPUTE, 4.0, 0.0), // 30 Nov, 23:00 EST
        ];
        let (out, _) = report_rows(&rows, ReportBy::Month, &ny);
        let months: Vec<(&str, f64)> = out
            .iter()
            .map(|r| (r.key.as_str(), r.spend.credits))
            .collect();
        assert_eq!(months, [("2026-10", 1.0), ("2026-11", 6.0)]);
        let (utc, _) = report_rows(&rows, ReportBy::Month, &jiff::tz::TimeZone::UTC);
        let months: Vec<(&str, f64)> = utc
            .iter()
            .map(|r| (r.key.as_str(), r.spend.credits))
            .collect();
        assert_eq!(months, [("2026-11", 3.0), ("2026-12", 4.0)]);
    }

    #[test]
    fn report_by_parses_what_the_cli_takes() {
        for b in ReportBy::ALL {
            assert_eq!(ReportBy::parse(b.as_str()), Some(b));
        }
        assert_eq!(ReportBy::parse("compute-env"), Some(ReportBy::ComputeEnv));
        assert_eq!(ReportBy::parse("hour"), None);
    }
}
