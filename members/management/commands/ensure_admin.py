"""`manage.py ensure_admin`: make sure a local admin login exists, and say how to use it.

For local demos only: it creates ``admin`` with the password in ``DJANGO_ADMIN_PASSWORD``
(default ``admin``) when no superuser exists yet, and never changes an existing account.
"""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a local superuser 'admin' if there is none, and print how to log in."

    def handle(self, *args, **options):
        users = get_user_model()
        password = os.environ.get("DJANGO_ADMIN_PASSWORD", "admin")
        if not users.objects.filter(is_superuser=True).exists():
            users.objects.create_superuser("admin", "admin@example.org", password)
            self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/  user: admin  password: {password}")
        else:
            self.stdout.write("Admin: http://127.0.0.1:8000/admin/ (log in with your existing superuser)")
