"""Words of Django's own catalogue that ours spells differently, so that makemessages keeps them
in locale/cy: Django's Welsh catalogue writes July as "Gorffenaf", where the Senedd and every
Welsh dictionary write "Gorffennaf". Our catalogue comes first (LOCALE_PATHS), so the calendar,
the chart and every date use our spelling."""

from django.utils.translation import gettext_noop, pgettext_lazy

OVERRIDDEN = (
    gettext_noop("July"),
    pgettext_lazy("alt. month", "July"),
)
