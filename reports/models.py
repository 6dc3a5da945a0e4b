"""The roll-up behind the dashboard and the summary (PostgreSQL; see reports/rollup.py).

`DailyFigure` holds, per day of the desk's time zone, the sums each figure is made of, for
all tickets (`dim` 0) and per group, service, customer unit and priority (a
configuration item's count is read from the tickets, on an index). `HourlyFigure` holds the
same for the hours of today that have passed (and yesterday's, until they are removed).
`DirtyMark` rows are written by database triggers whenever a change touches a figure of a
past day or hour (an hour, in UTC); `RolledDay` and `RolledHour` say which are built.
"""

from django.db import models


class Dim(models.IntegerChoices):
    ALL = 0
    GROUP = 1
    SERVICE = 2
    UNIT = 3
    PRIORITY = 4


class Sums(models.Model):
    """The sums a day or an hour holds for one dimension's value (reports.rollup.MEASURES)."""

    dim = models.PositiveSmallIntegerField(choices=Dim.choices)
    key = models.BigIntegerField()  # 0 for Dim.ALL
    opened = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    first_contact = models.IntegerField(default=0)
    reassigned = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    response_decided = models.IntegerField(default=0)
    response_met = models.IntegerField(default=0)
    resolution_decided = models.IntegerField(default=0)
    resolution_met = models.IntegerField(default=0)
    response_seconds = models.FloatField(default=0)
    response_stopped = models.IntegerField(default=0)
    resolution_seconds = models.FloatField(default=0)
    resolution_stopped = models.IntegerField(default=0)
    csat_sum = models.IntegerField(default=0)
    csat_responses = models.IntegerField(default=0)
    rating_1 = models.IntegerField(default=0)
    rating_2 = models.IntegerField(default=0)
    rating_3 = models.IntegerField(default=0)
    rating_4 = models.IntegerField(default=0)
    rating_5 = models.IntegerField(default=0)
    promises_due = models.IntegerField(default=0)
    promises_kept = models.IntegerField(default=0)
    # Tickets opened per channel (incidents.models.Channel). A database default too, so that
    # rows written by code older than these columns are still valid.
    opened_portal = models.IntegerField(default=0, db_default=0)
    opened_phone = models.IntegerField(default=0, db_default=0)
    opened_email = models.IntegerField(default=0, db_default=0)
    opened_walk_in = models.IntegerField(default=0, db_default=0)
    opened_monitoring = models.IntegerField(default=0, db_default=0)
    opened_planned = models.IntegerField(default=0, db_default=0)

    class Meta:
        abstract = True


class DailyFigure(Sums):
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dim", "key", "day"], name="dailyfigure_unique")
        ]
        indexes = [models.Index(fields=["dim", "day"], name="dailyfigure_dim_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_dim_display()} {self.key}"


class HourlyFigure(Sums):
    hour = models.DateTimeField()  # the hour's first instant (hours start with the local day)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dim", "key", "hour"], name="hourlyfigure_unique")
        ]
        indexes = [models.Index(fields=["dim", "hour"], name="hourlyfigure_dim_hour")]

    def __str__(self) -> str:
        return f"{self.hour} {self.get_dim_display()} {self.key}"


class DirtyMark(models.Model):
    at = models.DateTimeField()  # the hour (UTC) of a timestamp whose figures changed

    class Meta:
        indexes = [models.Index(fields=["at"], name="dirtymark_at")]

    def __str__(self) -> str:
        return str(self.at)


class RolledDay(models.Model):
    day = models.DateField(primary_key=True)
    zone = models.CharField(max_length=64)
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.day} ({self.zone})"


class RolledHour(models.Model):
    hour = models.DateTimeField(primary_key=True)
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.hour)
