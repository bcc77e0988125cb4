# Working-day calendar.

calendar-year-not-covered = No holiday schedule is loaded for { $year }, so time limits that reach into { $year } cannot be computed.
calendar-duplicate-year = The holiday schedule of { $year } was given twice.
schedule-outside-year = The holiday schedule of { $year } lists { $date }, a date of another year.
schedule-duplicate = The holiday schedule lists { $date } twice.
schedule-work-on-weekday = The adjusted working day { $date } falls on a Monday to Friday; adjusted working days are always weekend days.
