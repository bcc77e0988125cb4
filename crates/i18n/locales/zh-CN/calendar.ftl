# 工作日日历的提示。

calendar-year-not-covered = 未加载 { $year } 年的节假日安排，无法计算涉及 { $year } 年的期限。
calendar-duplicate-year = { $year } 年的节假日安排出现了两次。
schedule-outside-year = { $year } 年的节假日安排中出现了其他年份的日期 { $date }。
schedule-duplicate = 节假日安排中的日期 { $date } 出现了两次。
schedule-work-on-weekday = 调休上班日 { $date } 是工作日（周一至周五），调休上班日只能是周末。
