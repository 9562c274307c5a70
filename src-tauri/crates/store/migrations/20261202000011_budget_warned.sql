-- A budget warns once per crossing (issue 12): the month (YYYY-MM, local) whose forecast last
-- crossed it and was announced by a desktop notification. NULL: not crossing, or never announced.
-- Set when the forecast first goes over the budget in a month; cleared when it comes back under,
-- so that a later crossing warns again.
ALTER TABLE budgets ADD COLUMN warned_month TEXT;
