"""Class reminder lines added by the scheduler."""

# Added to the day-before reminder when two hours before class falls inside quiet hours (an early class):
# no reminder is sent on the day, rather than one that comes later than two hours before class.
NO_TWO_HOUR_REMINDER = "开课较早，当天开课前不再另行提醒，请提前安排好出行。"
