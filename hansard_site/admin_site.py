"""The admin site's titles, and the third-party admins it adjusts.

django-axes' admin offers "Clean up expired attempts" to anyone who may view the attempts, and
the action reads request attributes that only a login sets. Here it needs the permission to
delete attempts, and sets those attributes first.
"""

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Commons debates archive: editors")
admin.site.site_title = _("Commons debates archive")
admin.site.index_title = _("Records and imports")


class LoginAttemptAdmin(AccessAttemptAdmin):
    actions = ["cleanup_expired_attempts"]

    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        AxesProxyHandler.update_request(request)  # the time and address axes' cleaning reads
        return super().cleanup_expired_attempts(request, queryset)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LoginAttemptAdmin)
