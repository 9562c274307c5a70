//! Output: JSON on stdout (and nothing else there), or aligned columns for people, with notes
//! (the last sync, progress) on stderr.

use std::io::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::args::Output;
use crate::error::{CliError, Result};

/// Prints rows as a JSON array, or as a table with the given columns.
pub fn list<T: Serialize>(
    format: Output,
    rows: &[T],
    headers: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
) -> Result<()> {
    match format {
        Output::Json => json(&rows),
        Output::Table => {
            let lines: Vec<Vec<String>> = rows.iter().map(cells).collect();
            write_stdout(&table(headers, &lines))
        }
    }
}

/// One JSON value (array or object) on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::server(format!("cannot write JSON: {e}")))?;
    write_stdout(&format!("{text}\n"))
}

pub fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // `| head` closed the pipe: what was wanted has been read.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::server(format!("cannot write the output: {e}"))),
    }
}

/// Aligned columns, two spaces apart; the last column is not padded.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut text = String::new();
    let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&headers).chain(rows) {
        let last = row.len().saturating_sub(1);
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i < last {
                let pad = widths[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// A note for people, on stderr (never mixed with the JSON on stdout).
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// "last synced 3 min ago" or "never synced: run `towerdesk-cli sync`".
pub fn last_synced(last_sync: Option<&str>, now: DateTime<Utc>) -> String {
    match last_sync.and_then(parse_time) {
        Some(t) => format!("last synced {}", ago(t, now)),
        None => "never synced: run `towerdesk-cli sync`".into(),
    }
}

pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// "just now", "42 s ago", "3 min ago", "5 h ago", "2 days ago".
pub fn ago(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let s = (now - t).num_seconds().max(0);
    match s {
        0..5 => "just now".into(),
        5..60 => format!("{s} s ago"),
        60..3600 => format!("{} min ago", s / 60),
        3600..86_400 => format!("{} h ago", s / 3600),
        _ => match s / 86_400 {
            1 => "1 day ago".into(),
            d => format!("{d} days ago"),
        },
    }
}

/// A cell for an optional value.
pub fn cell(v: Option<&str>) -> String {
    v.unwrap_or("-").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap()
    }

    #[test]
    fn tables_align_columns() {
        let t = table(
            &["ID", "NAME", "ROLE"],
            &[
                vec!["1".into(), "production".into(), "owner".into()],
                vec!["22".into(), "x".into(), "view".into()],
            ],
        );
        assert_eq!(
            t,
            "ID  NAME        ROLE\n1   production  owner\n22  x           view\n"
        );
    }

    #[test]
    fn relative_times() {
        let now = at("2026-01-10T12:00:00Z");
        assert_eq!(ago(at("2026-01-10T12:00:00Z"), now), "just now");
        assert_eq!(ago(at("2026-01-10T11:59:18Z"), now), "42 s ago");
        assert_eq!(ago(at("2026-01-10T11:57:00Z"), now), "3 min ago");
        assert_eq!(ago(at("2026-01-10T07:00:00Z"), now), "5 h ago");
        assert_eq!(ago(at("2026-01-09T11:00:00Z"), now), "1 day ago");
        assert_eq!(ago(at("2026-01-01T12:00:00Z"), now), "9 days ago");
        assert_eq!(
            last_synced(Some("2026-01-10T11:57:00.000Z"), now),
            "last synced 3 min ago"
        );
        assert_eq!(
            last_synced(None, now),
            "never synced: run `towerdesk-cli sync`"
        );
    }
}

/// A number of seconds as a person says it: "40 s", "3 min", "1 h 30 min".
pub fn duration_words(seconds: i64) -> String {
    let seconds = seconds.max(0);
    if seconds < 60 {
        return format!("{seconds} s");
    }
    let minutes = (seconds + 30) / 60;
    if minutes < 60 {
        return format!("{minutes} min");
    }
    match minutes % 60 {
        0 => format!("{} h", minutes / 60),
        rest => format!("{} h {rest} min", minutes / 60),
    }
}

#[cfg(test)]
mod duration_tests {
    use super::duration_words;

    #[test]
    fn duration_words_table() {
        for (s, want) in [
            (-5, "0 s"),
            (0, "0 s"),
            (59, "59 s"),
            (60, "1 min"),
            (89, "1 min"),
            (90, "2 min"),
            (3600, "1 h"),
            (5400, "1 h 30 min"),
        ] {
            assert_eq!(duration_words(s), want, "{s}");
        }
    }
}
