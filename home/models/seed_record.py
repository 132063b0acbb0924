from django.db import models


class SeedRecord(models.Model):
    """Which parts of the starting content have been created, so that a part
    staff have since deleted or changed is never created again."""

    page_cache_ignore = True

    key = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
