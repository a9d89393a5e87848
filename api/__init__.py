"""The read-only JSON API at ``/api/`` (django-ninja), documented with OpenAPI: see docs/api.md."""
