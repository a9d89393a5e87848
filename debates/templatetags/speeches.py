"""Tags for the parts of a speech that every page shows alike: who spoke, a link to the speech,
and (on a debate page) the speech in its thread.

Written in Python rather than as included templates because a debate page shows hundreds of
speeches, and template nodes per speech are slow at that count. Every value from the database
is escaped below; the speech's text is the sanitised HTML stored at import.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from members.party_names import translated_label

register = template.Library()


def _speaker(speech) -> str:
    name = escape(speech.display_name)
    if speech.speaker_id:
        shown = f'<a class="speaker" href="{escape(speech.speaker.get_absolute_url())}">{name}</a>'
    else:
        shown = f'<span class="speaker">{name}</span>' if name else ""
    return (
        f'{shown} <span class="label">{escape(translated_label(speech.label))}</span>'
        if speech.label
        else shown
    )


def _permalink(speech, named: str = "", unnamed: str = "") -> str:
    """``named`` and ``unnamed``: the link's hidden words, translated once for a whole debate."""
    name = speech.display_name
    if name:
        described = (named or _("%(name)s’s speech on its own page")) % {"name": name}
    else:
        described = unnamed or _("the speech on its own page")
    shown = escape(speech.time[:5]) if speech.time else "#"
    return (
        f'<a class="permalink" href="{escape(speech.get_alone_url())}">{shown}'
        f'<span class="visually-hidden">, {escape(described)}</span></a>'
    )


def _source(speech, words: str = "") -> str:
    """A link to the column of the official report the speech was printed in, where the
    source gave its address. ``words``: the link's text, translated once for a whole debate."""
    if not speech.source_url:
        return ""
    column = escape(speech.column)
    shown = (words or _("Hansard col. %(column)s")) % {"column": column} if column else _("Hansard")
    return f'<a class="source" href="{escape(speech.source_url)}" rel="external">{shown}</a>'


@register.simple_tag
def source(record) -> SafeString:
    """A link to the official report's column for a speech or a heading (see :func:`_source`)."""
    return mark_safe(_source(record))  # noqa: S308 - every value escaped above


@register.simple_tag
def speaker(speech) -> SafeString:
    """The speaker's name (linked to their page when known) and their label on the day."""
    return mark_safe(_speaker(speech))  # noqa: S308 - every value escaped above


@register.simple_tag
def permalink(speech) -> SafeString:
    """A link to the speech on its own page: shows the time; its accessible name says whose
    speech it is, so that a screen reader's list of links is not a column of times."""
    return mark_safe(_permalink(speech))  # noqa: S308 - every value escaped above


def _corrected(speech, words: str = "") -> str:
    """ "Corrected on 3 March 2026", linked to what changed, on a speech an editor corrected."""
    if not getattr(speech, "corrected", None):
        return ""
    when = date_format(timezone.localtime(speech.corrected), "j F Y")
    shown = (words or _("Corrected on %(date)s")) % {"date": when}
    return f' <a class="corrected" href="{escape(speech.get_corrections_url())}">{escape(shown)}</a>'


def _edit(speech) -> str:
    return f' <a class="edit" href="{escape(reverse("admin:debates_speech_change", args=[speech.pk]))}">{escape(_("Edit"))}</a>'


@register.simple_tag
def corrected(record) -> SafeString:
    """ "Corrected on …" for any corrected record with a corrections page (a heading, a member)."""
    return mark_safe(_corrected(record))  # noqa: S308 - every value escaped above


@register.simple_tag
def threads(items, editing: bool = False) -> SafeString:
    """A heading's threads (:func:`debates.threads.flatten`), each speech an ``<article>`` in an
    ``<li>``, left open when replies follow. ``editing``: add an "Edit" link to each speech."""
    parts = []
    named, unnamed = _("%(name)s’s speech on its own page"), _("the speech on its own page")
    column = _("Hansard col. %(column)s")
    corrected_on = _("Corrected on %(date)s")
    for item in items:
        speech = item.speech
        if item.has_replies:
            ending = '<ol class="replies">'
        else:
            ending = "</article></li>" + "</ol></article></li>" * len(item.closes)
        parts.append(
            f'<li><article class="speech speech--{escape(speech.kind)}" id="{speech.anchor}">'
            f'<header class="speech-header">{_speaker(speech)} {_permalink(speech, named, unnamed)}'
            f"{_source(speech, column)}{_corrected(speech, corrected_on)}{_edit(speech) if editing else ''}</header>"
            f'<div class="speech-text">{speech.shown_text}</div>\n{ending}'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped; the text was sanitised when stored
